package io.autoagent.tools.analysis;

/**
 * A place evidence comes from: Kubernetes, git, Argo CD.
 *
 * <p>Called from several worker threads at once; implementations must be thread-safe. {@link
 * #collect} never throws for expected failures: a source that is down answers {@link
 * SourceReport#unavailable}, one that is not configured {@link SourceReport#skipped}. The caller
 * bounds the call with its own timeout and treats an overrun as unavailable.
 */
public interface EvidenceSource extends AutoCloseable {

  /** Name used in {@code sources.<name>} of the analysis. */
  String name();

  /** Gathers what this source knows about the alerted service. */
  SourceReport collect(Alert alert);

  /** Whether the source's backend is reachable right now, for heartbeats; cheap, no I/O. */
  default boolean healthy() {
    return true;
  }

  @Override
  default void close() {}
}
