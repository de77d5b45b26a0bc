package io.autoagent.infra.startup;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.testing.NatsTestServer;
import io.autoagent.tools.runbook.BuiltInRunbooks;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar, run from a directory that is not the repository and with no RUNBOOK_DIR, has
 * the whole runbook library and says so in its start-up summary.
 */
class JarRunbooksIT {

  @TempDir Path workDir;

  @Test
  void theJarRunAnywhereHasEveryShippedRunbook() throws Exception {
    Path jar =
        Path.of(System.getProperty("build.dir", "target"), "infrastructure-agent.jar")
            .toAbsolutePath();
    assertThat(jar).exists();
    try (NatsTestServer nats = NatsTestServer.start()) {
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-jar",
                  jar.toString())
              .directory(workDir.toFile())
              .redirectErrorStream(true);
      builder.environment().remove("RUNBOOK_DIR");
      builder.environment().remove("KUBECONFIG");
      builder.environment().put("HOME", workDir.toString());
      builder.environment().put("NATS_URL", nats.url());
      builder.environment().put("HEALTH_PORT", "0");
      Process process = builder.start();
      List<String> lines = new ArrayList<>();
      String summary = null;
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null && summary == null; line = out.readLine()) {
          lines.add(line);
          summary = line.contains("StartupSummary - runbooks: ") ? line : null;
        }
      } finally {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      assertThat(summary).as(String.join("\n", lines)).isNotNull();
      assertThat(summary).contains("runbooks: " + BuiltInRunbooks.load().size() + " built in");
      assertThat(BuiltInRunbooks.load()).hasSizeGreaterThanOrEqualTo(10);
      assertThat(lines).noneMatch(l -> l.contains("vector incubator"));
      assertThat(Files.list(workDir).map(p -> p.getFileName().toString()))
          .doesNotContain("runbooks");
    }
  }
}
