package io.autoagent.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Guardian as a process: how it refuses to start. */
class MainTest {

  @Test
  void refusesABadSettingWithOneLineAndExitStatusTwo() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Dlogback.configurationFile=logback.xml",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName());
    builder.environment().putAll(Map.of("MONITOR_INTERVAL_S", "soon"));
    Process process = builder.start();

    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(stderr.lines().toList())
        .containsExactly(
            "ops-guardian: MONITOR_INTERVAL_S=soon is not valid: expected an integer from 1 to 86400");
  }
}
