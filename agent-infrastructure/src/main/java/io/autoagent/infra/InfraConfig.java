package io.autoagent.infra;

import io.autoagent.core.config.AgentConfig;
import io.autoagent.core.config.Env;
import io.autoagent.core.llm.LlmConfig;
import io.autoagent.tools.argocd.ArgoCdOptions;
import io.autoagent.tools.escalation.EscalationConfig;
import io.autoagent.tools.git.GitOptions;
import io.autoagent.tools.gitops.GitOpsOptions;
import io.autoagent.tools.remediation.RemediationConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the infrastructure agent: the shared {@link AgentConfig} plus its evidence sources.
 * {@link #toString()} never shows secrets.
 *
 * @param core settings every agent shares
 * @param kubeconfig {@code KUBECONFIG}; null means in-cluster or {@code ~/.kube/config}
 * @param kubernetesConfigured whether any cluster is configured: {@code KUBECONFIG}, {@code
 *     ~/.kube/config}, or running in a pod ({@code KUBERNETES_SERVICE_HOST})
 * @param watchNamespaces {@code WATCH_NAMESPACES}, comma-separated; empty means all namespaces
 * @param git git evidence settings ({@code GIT_REPO_PATH}, {@code GIT_REPO_URL}, ...); null
 *     disables it
 * @param argocd Argo CD settings ({@code ARGOCD_SERVER}, ...); null disables Argo CD evidence
 * @param runbookDir {@code RUNBOOK_DIR}: {@code /runbooks}, or the repository's {@code runbooks/}
 *     when run locally
 * @param llm the LLM analyzer's settings ({@code LLM_PROVIDER}, {@code OPENAI_*}, {@code GEMINI_*},
 *     {@code LLM_*}); disabled when no provider is configured
 * @param remediation runbook execution settings ({@code SECRET_KEY}, {@code
 *     ALLOW_UNSIGNED_EXECUTION}, {@code PROTECTED_NAMESPACES}, ...)
 * @param escalation Slack, tickets and incident archives ({@code SLACK_WEBHOOK_URL}, {@code
 *     TICKETS_PROVIDER}, {@code ARCHIVE_*}, ...)
 * @param gitops pull requests instead of live patches ({@code REMEDIATION_MODE}, {@code GITOPS_*},
 *     {@code GITHUB_*}, {@code GITLAB_*}): for every workload with {@code REMEDIATION_MODE=gitops},
 *     else for gitops-mode policies and Argo CD-managed workloads when configured
 * @param analysisTimeout {@code ANALYSIS_TIMEOUT_S}: the most one analysis may take
 * @param analysisReuse {@code ANALYSIS_REUSE_MS}: how long an analysis answers repeats of the same
 *     alert while its sources' state is unchanged; zero never reuses
 * @param runbookWorkers {@code RUNBOOK_WORKERS}: runbook executions handled at once
 */
public record InfraConfig(
    AgentConfig core,
    String kubeconfig,
    boolean kubernetesConfigured,
    Set<String> watchNamespaces,
    GitOptions git,
    ArgoCdOptions argocd,
    Path runbookDir,
    LlmConfig llm,
    RemediationConfig remediation,
    EscalationConfig escalation,
    GitOpsOptions gitops,
    Duration analysisTimeout,
    Duration analysisReuse,
    int runbookWorkers) {

  public static final String AGENT_NAME = "infrastructure-agent";
  public static final int DEFAULT_ANALYSIS_TIMEOUT_S = 10;
  public static final int DEFAULT_ANALYSIS_REUSE_MS = 1000;

  private static final java.util.regex.Pattern NAMESPACE =
      java.util.regex.Pattern.compile("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");

  public InfraConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
  }

  public static InfraConfig fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    AgentConfig core = AgentConfig.fromEnv(AGENT_NAME, env);
    String kubeconfig = env.get("KUBECONFIG");
    String home = env.get("HOME");
    boolean kubernetesConfigured =
        kubeconfig != null
            || env.get("KUBERNETES_SERVICE_HOST") != null
            || (home != null
                && java.nio.file.Files.isRegularFile(Path.of(home, ".kube", "config")));
    return new InfraConfig(
        core,
        kubeconfig,
        kubernetesConfigured,
        namespaces(env.get("WATCH_NAMESPACES")),
        GitOptions.fromEnv(vars),
        ArgoCdOptions.fromEnv(vars),
        env.path(
            "RUNBOOK_DIR", AgentConfig.firstExisting(Path.of("/runbooks"), Path.of("runbooks"))),
        LlmConfig.fromEnv(env),
        remediation(vars),
        EscalationConfig.fromEnv(vars),
        GitOpsOptions.fromEnv(vars),
        Duration.ofSeconds(env.integer("ANALYSIS_TIMEOUT_S", DEFAULT_ANALYSIS_TIMEOUT_S, 1, 600)),
        Duration.ofMillis(env.integer("ANALYSIS_REUSE_MS", DEFAULT_ANALYSIS_REUSE_MS, 0, 10_000)),
        env.integer("RUNBOOK_WORKERS", 2, 1, 64));
  }

  private static RemediationConfig remediation(Map<String, String> vars) {
    try {
      return RemediationConfig.fromEnv(vars);
    } catch (IllegalArgumentException e) {
      throw new io.autoagent.core.config.ConfigException(e.getMessage());
    }
  }

  private static Set<String> namespaces(String value) {
    if (value == null) {
      return Set.of();
    }
    Set<String> out = new java.util.TreeSet<>();
    for (String part : value.split(",")) {
      String ns = part.trim();
      if (!NAMESPACE.matcher(ns).matches()) {
        throw new io.autoagent.core.config.ConfigException(
            "WATCH_NAMESPACES="
                + value
                + " is not valid: '"
                + ns
                + "' is not a namespace name (lower-case letters, digits and '-', at most 63)");
      }
      out.add(ns);
    }
    return out;
  }

  @Override
  public String toString() {
    return "InfraConfig[core="
        + core
        + ", kubeconfig="
        + kubeconfig
        + ", watchNamespaces="
        + watchNamespaces
        + ", git="
        + git
        + ", argocd="
        + argocd
        + ", runbookDir="
        + runbookDir
        + ", llm="
        + llm
        + ", remediation="
        + remediation
        + ", escalation="
        + escalation
        + ", gitops="
        + gitops
        + ", analysisTimeout="
        + analysisTimeout
        + ", analysisReuse="
        + analysisReuse
        + ", runbookWorkers="
        + runbookWorkers
        + "]";
  }
}
