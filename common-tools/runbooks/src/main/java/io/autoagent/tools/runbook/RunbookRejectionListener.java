package io.autoagent.tools.runbook;

/**
 * Told when a runbook document (file or KV entry) is refused. The library keeps the last good
 * version of that runbook, if any, in use. Called on the library's own worker thread, one call at a
 * time; must not block for long. An exception it throws is logged and ignored.
 */
@FunctionalInterface
public interface RunbookRejectionListener {

  /** Ignores rejections (they are still logged). */
  RunbookRejectionListener NOOP = rejection -> {};

  void rejected(RunbookRejection rejection);
}
