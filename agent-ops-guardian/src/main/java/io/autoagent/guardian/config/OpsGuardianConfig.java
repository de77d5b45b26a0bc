package io.autoagent.guardian.config;

import io.autoagent.core.config.AgentConfig;
import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import io.autoagent.core.llm.LlmConfig;
import io.autoagent.guardian.signals.WorkloadRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the running Ops Guardian reads from the environment: the shared {@link AgentConfig},
 * the decision core's {@link GuardianConfig}, and the runtime's own settings. Built by {@link
 * #fromEnv}; a bad value throws {@link ConfigException} naming the variable.
 *
 * @param core shared agent settings ({@code NATS_URL}, {@code HEALTH_PORT}, ...)
 * @param decisions the decision core's settings ({@code GUARDIAN_*})
 * @param monitoredServices {@code MONITORED_SERVICES}, {@code namespace/name} list; empty means
 *     every Deployment labelled {@code ops-guardian/enabled=true}
 * @param monitorInterval {@code MONITOR_INTERVAL_S} (30)
 * @param kubernetesConfigured a cluster is reachable by configuration: {@code KUBECONFIG}, {@code
 *     ~/.kube/config}, or a pod ({@code KUBERNETES_SERVICE_HOST})
 * @param leaderElection {@code LEADER_ELECTION} (true): act only while holding the Lease
 * @param leaseName {@code LEADER_LEASE_NAME} (ops-guardian)
 * @param leaseNamespace {@code LEADER_LEASE_NAMESPACE} (the pod's namespace, else default)
 * @param leaseDuration {@code LEADER_LEASE_DURATION_S} (15)
 * @param prometheusUrl {@code PROMETHEUS_URL}; null means Kubernetes signals only
 * @param historyBucket {@code HISTORY_BUCKET} (ops-guardian-history)
 * @param defaultPauseTtl {@code COORDINATION_DEFAULT_TTL_S} (900), for pauses without {@code ttl_s}
 * @param llm the shared LLM layer's settings ({@code LLM_PROVIDER}, {@code GEMINI_API_KEY}, ...);
 *     when enabled, the model advises the decision core; {@code toString()} hides the key
 */
public record OpsGuardianConfig(
    AgentConfig core,
    GuardianConfig decisions,
    List<WorkloadRef> monitoredServices,
    Duration monitorInterval,
    boolean kubernetesConfigured,
    boolean leaderElection,
    String leaseName,
    String leaseNamespace,
    Duration leaseDuration,
    String prometheusUrl,
    String historyBucket,
    Duration defaultPauseTtl,
    LlmConfig llm) {

  public static final String AGENT_NAME = "ops-guardian";
  public static final String ENABLED_LABEL = "ops-guardian/enabled";

  public static final String MONITORED_SERVICES = "MONITORED_SERVICES";
  public static final String MONITOR_INTERVAL_S = "MONITOR_INTERVAL_S";
  public static final String LEADER_ELECTION = "LEADER_ELECTION";
  public static final String LEADER_LEASE_NAME = "LEADER_LEASE_NAME";
  public static final String LEADER_LEASE_NAMESPACE = "LEADER_LEASE_NAMESPACE";
  public static final String LEADER_LEASE_DURATION_S = "LEADER_LEASE_DURATION_S";
  public static final String PROMETHEUS_URL = "PROMETHEUS_URL";
  public static final String HISTORY_BUCKET = "HISTORY_BUCKET";
  public static final String COORDINATION_DEFAULT_TTL_S = "COORDINATION_DEFAULT_TTL_S";

  public static final int DEFAULT_MONITOR_INTERVAL_S = 30;
  public static final String DEFAULT_LEASE_NAME = "ops-guardian";
  public static final int DEFAULT_LEASE_DURATION_S = 15;
  public static final String DEFAULT_HISTORY_BUCKET = "ops-guardian-history";
  public static final int DEFAULT_PAUSE_TTL_S = 900;
  static final Path POD_NAMESPACE_FILE =
      Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

  public OpsGuardianConfig {
    Objects.requireNonNull(core, "core");
    Objects.requireNonNull(decisions, "decisions");
    monitoredServices = List.copyOf(monitoredServices);
    Objects.requireNonNull(monitorInterval, "monitorInterval");
    Objects.requireNonNull(leaseName, "leaseName");
    Objects.requireNonNull(leaseNamespace, "leaseNamespace");
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(historyBucket, "historyBucket");
    Objects.requireNonNull(defaultPauseTtl, "defaultPauseTtl");
    Objects.requireNonNull(llm, "llm");
  }

  /** Reads and validates; throws {@link ConfigException} naming the first bad variable. */
  public static OpsGuardianConfig fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    AgentConfig core = AgentConfig.fromEnv(AGENT_NAME, env);
    GuardianConfig decisions;
    try {
      decisions = GuardianConfig.fromEnv(vars);
    } catch (ConfigException e) {
      throw e; // already one line naming the variable and its value
    } catch (IllegalArgumentException e) {
      throw new ConfigException(inconsistency(env, e.getMessage()));
    }
    String kubeconfig = env.get("KUBECONFIG");
    String home = env.get("HOME");
    boolean kubernetesConfigured =
        kubeconfig != null
            || env.get("KUBERNETES_SERVICE_HOST") != null
            || (home != null && Files.isRegularFile(Path.of(home, ".kube", "config")));
    return new OpsGuardianConfig(
        core,
        decisions,
        workloads(env.get(MONITORED_SERVICES)),
        Duration.ofSeconds(env.integer(MONITOR_INTERVAL_S, DEFAULT_MONITOR_INTERVAL_S, 1, 86_400)),
        kubernetesConfigured,
        env.bool(LEADER_ELECTION, true),
        kubeName(env, LEADER_LEASE_NAME, DEFAULT_LEASE_NAME),
        kubeName(env, LEADER_LEASE_NAMESPACE, podNamespace()),
        Duration.ofSeconds(env.integer(LEADER_LEASE_DURATION_S, DEFAULT_LEASE_DURATION_S, 2, 600)),
        env.url(PROMETHEUS_URL, null, Set.of("http", "https")),
        kvName(env, HISTORY_BUCKET, DEFAULT_HISTORY_BUCKET),
        Duration.ofSeconds(env.integer(COORDINATION_DEFAULT_TTL_S, DEFAULT_PAUSE_TTL_S, 1, 86_400)),
        LlmConfig.fromEnv(env));
  }

  /** Names the variables behind a cross-field check of the decision core that failed. */
  private static String inconsistency(Env env, String message) {
    if (message.matches("^[A-Z_]+ .*")) {
      return message; // already names its variable
    }
    if (message.contains("Replicas")) {
      return GuardianConfig.MIN_REPLICAS
          + "="
          + env.get(GuardianConfig.MIN_REPLICAS, "1")
          + ", "
          + GuardianConfig.MAX_REPLICAS
          + "="
          + env.get(GuardianConfig.MAX_REPLICAS, "10")
          + " are not valid: "
          + message;
    }
    return GuardianConfig.UP_CPU
        + "="
        + env.get(GuardianConfig.UP_CPU, "75")
        + ", "
        + GuardianConfig.DOWN_CPU
        + "="
        + env.get(GuardianConfig.DOWN_CPU, "30")
        + " are not valid: "
        + message;
  }

  /** Parses {@code namespace/name, namespace/name}; blank means none. */
  static List<WorkloadRef> workloads(String value) {
    List<WorkloadRef> refs = new ArrayList<>();
    if (value == null) {
      return refs;
    }
    for (String part : value.split(",")) {
      String item = part.trim();
      if (item.isEmpty()) {
        continue;
      }
      String[] pieces = item.split("/");
      if (pieces.length != 2 || !isKubeName(pieces[0]) || !isKubeName(pieces[1])) {
        throw new ConfigException(
            MONITORED_SERVICES
                + "="
                + value
                + " is not valid: expected namespace/name, comma-separated");
      }
      refs.add(WorkloadRef.of(pieces[0], pieces[1]));
    }
    return refs;
  }

  private static String kubeName(Env env, String key, String fallback) {
    String value = env.get(key, fallback);
    if (!isKubeName(value)) {
      throw new ConfigException(key + "=" + value + " is not valid: expected a Kubernetes name");
    }
    return value;
  }

  private static String kvName(Env env, String key, String fallback) {
    String value = env.get(key, fallback);
    if (!value.matches("[A-Za-z0-9_-]+")) {
      throw new ConfigException(
          key + "=" + value + " is not valid: expected letters, digits, - or _");
    }
    return value;
  }

  private static boolean isKubeName(String value) {
    return value.length() <= 253 && value.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  }

  /** The namespace of the pod the Guardian runs in, or {@code default} outside a pod. */
  private static String podNamespace() {
    try {
      if (Files.isRegularFile(POD_NAMESPACE_FILE)) {
        String ns = Files.readString(POD_NAMESPACE_FILE).trim();
        if (!ns.isEmpty()) {
          return ns;
        }
      }
    } catch (IOException | SecurityException e) {
      // not in a pod, or the file is unreadable: the default below
    }
    return "default";
  }
}
