package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The agent as a process: how it starts, and how it refuses to start. */
class MainTest {

  private static Process launch(Map<String, String> env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            // the production logging config, not the tests' logback-test.xml
            "-Dlogback.configurationFile=logback.xml",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName());
    builder.environment().putAll(env);
    return builder.start();
  }

  @Test
  void refusesABadSettingWithOneLineAndExitStatusTwo() throws Exception {
    Process process = launch(Map.of("HEALTH_PORT", "eighty"));

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr.lines().toList())
        .containsExactly(
            "infrastructure-agent: HEALTH_PORT=eighty is not valid: expected an integer from 0 to 65535");
  }

  @Test
  void logsJsonLinesWhenAsked() throws Exception {
    // NATS is unreachable: the agent starts anyway, keeps retrying, and says so in its logs.
    Process process =
        launch(Map.of("LOG_FORMAT", "json", "NATS_URL", "nats://127.0.0.1:1", "HEALTH_PORT", "0"));
    try (BufferedReader out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();

      assertThat(line).isNotNull();
      var json = AgentFixture.MAPPER.readTree(line);
      assertThat(json.path("level").asText()).isNotEmpty();
      assertThat(json.path("formattedMessage").asText()).isNotEmpty().doesNotContain("{}");
    } finally {
      process.destroy();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void hidesSecretsWhenPrinted() {
    InfraConfig config = InfraConfig.fromEnv(Map.of("OPENAI_API_KEY", "sk-live-123"));

    assertThat(config.toString()).doesNotContain("sk-live-123");
    assertThat(config.llm().enabled()).isTrue();
  }
}
