package io.autoagent.infra.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.infra.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent as a process refuses a bad kubeconfig or an unauthenticated webhook in one line, exit
 * 2.
 */
class StartupRefusalTest {

  @TempDir Path dir;

  private static Process launch(Map<String, String> env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Dlogback.configurationFile=logback.xml",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName());
    builder.environment().putAll(env);
    return builder.start();
  }

  private static String refusal(Map<String, String> env) throws Exception {
    Process process = launch(env);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(stderr).isEqualTo(2);
    assertThat(stdout).isEmpty();
    assertThat(stderr.lines().toList()).hasSize(1);
    return stderr.strip();
  }

  @Test
  void refusesAKubeconfigThatDoesNotExist() throws Exception {
    assertThat(refusal(Map.of("KUBECONFIG", "/nonexistent", "NATS_URL", "nats://127.0.0.1:1")))
        .isEqualTo(
            "infrastructure-agent: KUBECONFIG=/nonexistent is not valid: /nonexistent does not exist");
  }

  @Test
  void refusesAKubeconfigThatDoesNotParse() throws Exception {
    Path broken = Files.writeString(dir.resolve("config"), "clusters: [\n  - {name: x\n");

    assertThat(refusal(Map.of("KUBECONFIG", broken.toString(), "NATS_URL", "nats://127.0.0.1:1")))
        .startsWith(
            "infrastructure-agent: KUBECONFIG="
                + broken
                + " is not valid: "
                + broken
                + " is not a kubeconfig file");
  }

  @Test
  void refusesAWebhookPortWithoutAuthentication() throws Exception {
    assertThat(refusal(Map.of("WEBHOOK_PORT", "9095", "NATS_URL", "nats://127.0.0.1:1")))
        .startsWith(
            "infrastructure-agent: WEBHOOK_PORT=9095 needs authentication: set WEBHOOK_TOKEN_FILE");
  }
}
