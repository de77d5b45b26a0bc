package io.autoagent.tools.remediation;

/** How a request was authenticated before it reached the engine. */
public enum Trust {
  /** A valid Standard Webhooks signature with the configured key. */
  SIGNED,
  /**
   * No signature, or no key configured to check one. Live runs need {@code
   * ALLOW_UNSIGNED_EXECUTION}.
   */
  UNSIGNED,
  /**
   * The agent's own alert path ({@code mode: remediate}); live only where a policy says {@code
   * live}.
   */
  ALERT
}
