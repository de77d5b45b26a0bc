package io.autoagent.infra.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.infra.InfraConfig;
import io.autoagent.infra.webhook.WebhookConfig;
import io.autoagent.tools.runbook.BuiltInRunbooks;
import io.autoagent.tools.runbook.RunbookLibrary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupSummaryTest {

  @TempDir Path dir;

  @Test
  void saysForEachSourceWhetherItIsOnAndFromWhere() throws Exception {
    // given an agent with LLM, Argo CD, git over HTTPS with a token in the URL, runbooks in a
    // directory
    Path runbooks = Files.createDirectories(dir.resolve("runbooks"));
    Files.writeString(
        runbooks.resolve("page-the-team.yaml"),
        Files.readString(Path.of("../runbooks/investigate-manually.yaml"))
            .replace("investigate-manually", "page-the-team"));
    Path token = Files.writeString(dir.resolve("token"), "hook-token\n");
    Map<String, String> env = new HashMap<>();
    env.put("HOME", dir.toString());
    env.put("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    env.put("LLM_PROVIDER", "openai");
    env.put("OPENAI_API_KEY", "sk-secret-key");
    env.put("OPENAI_MODEL", "gpt-4.1-mini");
    env.put("ARGOCD_SERVER", "https://argocd.example.com");
    env.put("ARGOCD_AUTH_TOKEN", "argo-secret");
    env.put("GIT_REPO_URL", "https://bot:ghp_secret@github.com/acme/deploy.git");
    env.put("GIT_REPO_PATH", dir.resolve("clone").toString());
    env.put("RUNBOOK_DIR", runbooks.toString());
    env.put("TICKETS_PROVIDER", "none");
    env.put("WEBHOOK_PORT", "9095");
    env.put("WEBHOOK_TOKEN_FILE", token.toString());
    InfraConfig config = InfraConfig.fromEnv(env);

    // when
    List<String> lines;
    try (RunbookLibrary library =
        RunbookLibrary.builder().builtIn(true).directory(runbooks).watchDirectory(false).build()) {
      lines =
          StartupSummary.lines(
              config, KubernetesTarget.fromEnv(env), WebhookConfig.fromEnv(env), library);
    }

    // then
    int shipped = BuiltInRunbooks.load().size();
    assertThat(lines)
        .containsExactly(
            "kubernetes: in-cluster (service account), server https://10.96.0.1:443, namespaces all",
            "git: https://github.com/acme/deploy.git cloned to " + dir.resolve("clone"),
            "argocd: https://argocd.example.com",
            "llm: openai gpt-4.1-mini",
            "runbooks: " + shipped + " built in + 1 from " + runbooks,
            "remediation: live under AutoRemediationPolicy, live runs need SECRET_KEY; dry runs only",
            "archive: JetStream object store incident-archives, kept 90 days",
            "escalation: slack off, tickets off",
            "webhook receiver: POST :9095/alertmanager, bearer token from " + token);
    assertThat(String.join("\n", lines)).doesNotContain("secret", "hook-token");
  }

  @Test
  void saysWhatIsOffAndWhyWithNothingConfigured() {
    Map<String, String> env =
        Map.of("HOME", dir.toString(), "RUNBOOK_DIR", dir.resolve("missing").toString());
    InfraConfig config = InfraConfig.fromEnv(env);

    List<String> lines;
    try (RunbookLibrary library = RunbookLibrary.builder().builtIn(true).build()) {
      lines =
          StartupSummary.lines(
              config, KubernetesTarget.fromEnv(env), WebhookConfig.fromEnv(env), library);
    }

    assertThat(lines)
        .contains(
            "kubernetes: off (no KUBECONFIG, no ~/.kube/config and not in a pod)",
            "git: off (GIT_REPO_PATH is not set)",
            "argocd: off (ARGOCD_SERVER is not set)",
            "llm: off (rules only; set LLM_PROVIDER and its API key)",
            "runbooks: "
                + BuiltInRunbooks.load().size()
                + " built in (RUNBOOK_DIR "
                + dir.resolve("missing")
                + " does not exist)",
            "remediation: off (no cluster: runbook requests are answered rejected)",
            "webhook receiver: off");
  }
}
