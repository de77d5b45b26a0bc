package io.autoagent.tools.remediation;

import io.autoagent.core.config.Env;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of runbook execution, read from the environment by {@link #fromEnv}. {@link #toString}
 * never shows the signing key.
 *
 * @param secretKey Standard Webhooks signing key ({@code SECRET_KEY}); {@code whsec_<base64>} or
 *     raw text; null when unset
 * @param maxSkew how far a {@code webhook-timestamp} may be from now, and how long webhook ids are
 *     remembered against replay ({@code SIGNATURE_MAX_SKEW_S})
 * @param allowUnsignedExecution without a key, whether live runs are allowed at all
 * @param protectedNamespaces never touched, whatever a request or policy says
 * @param liveExecutionsPerWindow live executions per target per {@code rateWindow}
 * @param serverDryRun whether dry runs send the changes to the API server with {@code dryRun=All}
 * @param pollInterval how often waits and verification re-check their conditions
 * @param lockStaleAfter a target lock older than this is taken over (its holder died)
 */
public record RemediationConfig(
    String secretKey,
    Duration maxSkew,
    boolean allowUnsignedExecution,
    Set<String> protectedNamespaces,
    String bucket,
    int liveExecutionsPerWindow,
    Duration rateWindow,
    boolean serverDryRun,
    Duration pollInterval,
    Duration lockStaleAfter,
    Duration defaultStepTimeout) {

  public static final String ENV_SECRET_KEY = "SECRET_KEY";
  public static final String ENV_MAX_SKEW_S = "SIGNATURE_MAX_SKEW_S";
  public static final String ENV_ALLOW_UNSIGNED = "ALLOW_UNSIGNED_EXECUTION";
  public static final String ENV_ARGOCD_NAMESPACE = "ARGOCD_NAMESPACE";
  public static final String ENV_POD_NAMESPACE = "POD_NAMESPACE";
  public static final String ENV_PROTECTED_NAMESPACES = "PROTECTED_NAMESPACES";
  public static final String ENV_BUCKET = "RUNBOOK_EXECUTIONS_BUCKET";
  public static final String ENV_RATE_LIMIT = "REMEDIATION_RATE_LIMIT_PER_HOUR";
  public static final String ENV_SERVER_DRY_RUN = "REMEDIATION_SERVER_DRY_RUN";

  public static final long DEFAULT_MAX_SKEW_S = 300;
  public static final String DEFAULT_ARGOCD_NAMESPACE = "argocd";
  public static final String DEFAULT_BUCKET = "runbook-executions";
  public static final int DEFAULT_RATE_LIMIT = 3;

  /** Namespaces no runbook may touch, in addition to Argo CD's and the agent's own. */
  public static final Set<String> SYSTEM_NAMESPACES =
      Set.of("kube-system", "kube-public", "kube-node-lease");

  public RemediationConfig {
    Objects.requireNonNull(maxSkew, "maxSkew");
    protectedNamespaces = Set.copyOf(protectedNamespaces);
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(rateWindow, "rateWindow");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(lockStaleAfter, "lockStaleAfter");
    Objects.requireNonNull(defaultStepTimeout, "defaultStepTimeout");
    if (secretKey != null && secretKey.isBlank()) {
      secretKey = null;
    }
    if (liveExecutionsPerWindow < 1) {
      throw new IllegalArgumentException(ENV_RATE_LIMIT + " must be at least 1");
    }
  }

  /**
   * Defaults: no key, unsigned live runs refused, system namespaces and {@code argocd} protected.
   */
  public static RemediationConfig defaults() {
    return fromEnv(Map.of());
  }

  /**
   * @throws IllegalArgumentException naming the variable whose value is wrong
   */
  public static RemediationConfig fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    Set<String> protectedNs = new LinkedHashSet<>(SYSTEM_NAMESPACES);
    protectedNs.add(env.get(ENV_ARGOCD_NAMESPACE, DEFAULT_ARGOCD_NAMESPACE));
    String own = env.get(ENV_POD_NAMESPACE);
    if (own != null) {
      protectedNs.add(own);
    }
    for (String extra : env.get(ENV_PROTECTED_NAMESPACES, "").split(",")) {
      if (!extra.isBlank()) {
        protectedNs.add(extra.strip());
      }
    }
    return new RemediationConfig(
        env.raw(ENV_SECRET_KEY),
        Duration.ofSeconds(env.atLeast(ENV_MAX_SKEW_S, DEFAULT_MAX_SKEW_S, 1)),
        env.bool(ENV_ALLOW_UNSIGNED, false),
        protectedNs,
        env.get(ENV_BUCKET, DEFAULT_BUCKET),
        (int) env.atLeast(ENV_RATE_LIMIT, DEFAULT_RATE_LIMIT, 1),
        Duration.ofHours(1),
        env.bool(ENV_SERVER_DRY_RUN, true),
        Duration.ofSeconds(2),
        Duration.ofHours(2),
        Duration.ofMinutes(10));
  }

  public RemediationConfig withPollInterval(Duration interval) {
    return new RemediationConfig(
        secretKey,
        maxSkew,
        allowUnsignedExecution,
        protectedNamespaces,
        bucket,
        liveExecutionsPerWindow,
        rateWindow,
        serverDryRun,
        interval,
        lockStaleAfter,
        defaultStepTimeout);
  }

  public RemediationConfig withServerDryRun(boolean enabled) {
    return new RemediationConfig(
        secretKey,
        maxSkew,
        allowUnsignedExecution,
        protectedNamespaces,
        bucket,
        liveExecutionsPerWindow,
        rateWindow,
        enabled,
        pollInterval,
        lockStaleAfter,
        defaultStepTimeout);
  }

  public boolean signingConfigured() {
    return secretKey != null;
  }

  public boolean isProtected(String namespace) {
    return namespace != null && protectedNamespaces.contains(namespace);
  }

  @Override
  public String toString() {
    return "RemediationConfig[secretKey="
        + (secretKey == null ? "unset" : "***")
        + ", maxSkew="
        + maxSkew
        + ", allowUnsignedExecution="
        + allowUnsignedExecution
        + ", protectedNamespaces="
        + protectedNamespaces
        + ", bucket="
        + bucket
        + ", liveExecutionsPerWindow="
        + liveExecutionsPerWindow
        + "/"
        + rateWindow
        + ", serverDryRun="
        + serverDryRun
        + "]";
  }
}
