package io.autoagent.infra.startup;

import io.autoagent.infra.InfraConfig;
import io.autoagent.infra.webhook.WebhookConfig;
import io.autoagent.tools.escalation.EscalationConfig;
import io.autoagent.tools.runbook.RunbookLibrary;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per source and feature at start-up, each saying on or off and from where, so that an
 * operator sees at once what the agent will use. Secrets never appear: URLs lose their user info
 * and keys are only said to be set.
 */
public final class StartupSummary {

  private static final Logger log = LoggerFactory.getLogger(StartupSummary.class);

  private StartupSummary() {}

  /** Logs {@link #lines} at INFO. */
  public static void log(
      InfraConfig config,
      KubernetesTarget kubernetes,
      WebhookConfig webhook,
      RunbookLibrary runbooks) {
    lines(config, kubernetes, webhook, runbooks).forEach(line -> log.info("{}", line));
  }

  /**
   * @param runbooks the library in use; null when not started
   */
  public static List<String> lines(
      InfraConfig config,
      KubernetesTarget kubernetes,
      WebhookConfig webhook,
      RunbookLibrary runbooks) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "kubernetes: "
            + kubernetes.description()
            + (kubernetes.configured()
                ? ", namespaces "
                    + (config.watchNamespaces().isEmpty()
                        ? "all"
                        : String.join(",", config.watchNamespaces()))
                : ""));
    lines.add(
        "git: "
            + (config.git() == null
                ? "off (GIT_REPO_PATH is not set)"
                : (config.git().repoUrl() == null
                        ? "local repository " + config.git().repoPath()
                        : safeUrl(config.git().repoUrl()) + " cloned to " + config.git().repoPath())
                    + (config.git().branch() == null ? "" : ", branch " + config.git().branch())));
    lines.add(
        "argocd: "
            + (config.argocd() == null
                ? "off (ARGOCD_SERVER is not set)"
                : safeUrl(config.argocd().server())));
    lines.add(
        "llm: "
            + (config.llm().enabled()
                ? config.llm().provider().wire()
                    + " "
                    + config.llm().model()
                    + (config.llm().baseUrl() == null
                        ? ""
                        : " at " + safeUrl(config.llm().baseUrl()))
                : "off (rules only; set LLM_PROVIDER and its API key)"));
    lines.add("runbooks: " + runbooks(config, runbooks));
    lines.add("remediation: " + remediation(config, kubernetes));
    EscalationConfig escalation = config.escalation();
    lines.add(
        "archive: "
            + (escalation.archiveEnabled()
                ? (escalation.archiveS3() != null
                    ? escalation.archiveS3().toString()
                    : "JetStream object store "
                        + escalation.archiveBucket()
                        + ", kept "
                        + escalation.archiveTtl().toDays()
                        + " days")
                : "off"));
    lines.add(
        "escalation: slack "
            + (escalation.slackWebhookUrl() == null ? "off" : "on")
            + ", tickets "
            + tickets(escalation));
    lines.add("webhook receiver: " + webhook.describe());
    return lines;
  }

  private static String runbooks(InfraConfig config, RunbookLibrary library) {
    if (library == null) {
      return "not loaded";
    }
    Map<String, Integer> origins = library.origins();
    List<String> parts = new ArrayList<>();
    parts.add(origins.getOrDefault("built-in", 0) + " built in");
    if (library.directory() != null) {
      parts.add(
          origins.getOrDefault(String.valueOf(library.directory()), 0)
              + " from "
              + library.directory());
    }
    origins.forEach(
        (origin, n) -> {
          if (origin.startsWith("kv:")) {
            parts.add(n + " from KV bucket " + origin.substring(3));
          }
        });
    String dirNote =
        config.runbookDir() != null && !Files.isDirectory(config.runbookDir())
            ? " (RUNBOOK_DIR " + config.runbookDir() + " does not exist)"
            : "";
    String errors =
        library.errors().isEmpty()
            ? ""
            : ", " + library.errors().size() + " refused (see the warnings above)";
    String empty =
        library.all().isEmpty()
            ? " - EMPTY: every analysis will recommend investigate-manually"
            : "";
    return String.join(" + ", parts) + dirNote + errors + empty;
  }

  private static String remediation(InfraConfig config, KubernetesTarget kubernetes) {
    if (!kubernetes.configured()) {
      return "off (no cluster: runbook requests are answered rejected)";
    }
    String mode =
        config.gitops().enabled()
            ? "gitops (changes go out as pull requests)"
            : "live under AutoRemediationPolicy";
    String signing =
        config.remediation().signingConfigured()
            ? "signed requests (SECRET_KEY set)"
            : config.remediation().allowUnsignedExecution()
                ? "UNSIGNED live runs allowed"
                : "live runs need SECRET_KEY; dry runs only";
    String pulls =
        config.gitops().configured()
            ? ", pull requests to " + safeUrl(config.gitops().repoUrl())
            : "";
    return mode + ", " + signing + pulls;
  }

  private static String tickets(EscalationConfig e) {
    return switch (e.ticketsProvider()) {
      case "github" -> "github " + e.githubRepository();
      case "jira" -> "jira " + safeUrl(e.jiraUrl()) + " project " + e.jiraProject();
      default -> "off";
    };
  }

  /** The URL without user info ({@code https://user:token@host} → {@code https://host}). */
  static String safeUrl(String url) {
    if (url == null) {
      return null;
    }
    return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
  }
}
