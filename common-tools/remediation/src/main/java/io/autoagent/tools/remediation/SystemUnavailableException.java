package io.autoagent.tools.remediation;

/**
 * A step needs a system the agent has no access to now (Argo CD not configured, no cluster). The
 * execution is answered with {@code UNAVAILABLE}: nothing was changed, and the same request may
 * succeed once the system is there. Thrown by ports; never retried by the runtime.
 */
public class SystemUnavailableException extends IllegalStateException {
  public SystemUnavailableException(String message) {
    super(message);
  }
}
