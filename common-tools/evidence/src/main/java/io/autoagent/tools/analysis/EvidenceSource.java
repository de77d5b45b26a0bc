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

  /**
   * Begins the source's background work (caches, clones, fetches) and returns at once. The agent
   * calls it when it is ready to take alerts, so that this work does not compete with start-up;
   * until then {@link #collect} must still answer (by direct reads). Calling it again does nothing.
   */
  default void start() {}

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
