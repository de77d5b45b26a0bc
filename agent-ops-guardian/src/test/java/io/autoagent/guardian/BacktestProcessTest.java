package io.autoagent.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java ... Main backtest}: runs offline, without NATS or a cluster. */
class BacktestProcessTest {

  @TempDir Path dir;

  private record Result(int status, String out, String err) {}

  private static Result run(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "backtest"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("NATS_URL", "nats://127.0.0.1:1");
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(
        process.exitValue(),
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void printsTheTableWithoutNats() throws Exception {
    // given three hours of a ramp, per minute
    StringBuilder text = new StringBuilder();
    for (int m = 0; m < 180; m++) {
      text.append(100 + m).append('\n');
    }
    Path trace = Files.writeString(dir.resolve("ramp.txt"), text.toString());

    // when
    Result r = run("--trace", trace.toString(), "--policy", "hpa,oracle");

    // then
    assertThat(r.err()).isEmpty();
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains(
            "| policy | SLO-violation minutes | replica-hours | scale changes | p99 latency |",
            "| hpa | ",
            "| oracle | ");
  }

  @Test
  void refusesBadUsageWithOneLineAndExitStatusTwo() throws Exception {
    Result r = run("--trace", dir.resolve("none.txt").toString());

    assertThat(r.status()).isEqualTo(2);
    assertThat(r.err().lines().toList())
        .containsExactly("backtest: --trace " + dir.resolve("none.txt") + ": no such file");
  }
}
