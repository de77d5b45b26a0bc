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

  /**
   * A value that changes whenever what {@link #collect} would answer for this alert may have
   * changed, read before collecting; cheap, no I/O. Two equal tokens taken for the same alert
   * content mean an answer collected after the first is still this source's answer (within the
   * agent's {@code ANALYSIS_REUSE_MS}); {@code null}, the default, means the source cannot tell,
   * and analyses that include it are never reused.
   */
  default Object stateToken(Alert alert) {
    return null;
  }

  /** Whether the source's backend is reachable right now, for heartbeats; cheap, no I/O. */
  default boolean healthy() {
    return true;
  }

  @Override
  default void close() {}
}
