package io.autoagent.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.infra.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Misuse of the CLI gets one line on stderr and the documented exit code; no server is needed. */
class CliConventionsTest {

  /** Nothing listens on port 1: a command that got as far as connecting would fail with exit 1. */
  private static final String NO_SERVER = "nats://127.0.0.1:1";

  record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "alert", "status", "runbooks", "execute"})
  void everyCommandHasHelpThatListsTheExitCodes(String command) {
    Run run = run(command, "--help");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Usage:", "Exit codes:", "2   ");
    if (!command.equals("run")) {
      assertThat(run.out()).contains("3   the analysis or execution failed or was rejected");
    }
    assertThat(run.err()).isEmpty();
  }

  @Test
  void refusesABadNatsUrlInOneLineWithExitTwo() {
    Run run = run("alert", "--nats-url", "not-a-url::", "--service", "a", "--namespace", "b");

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines().toList())
        .containsExactly(
            "alert: --nats-url not-a-url:: is not valid: expected a server URL like nats://host:4222 (several separated by commas)");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void namesAMissingAlertFileInPlainWords(@TempDir Path dir) {
    Path missing = dir.resolve("alert.json");

    Run run = run("alert", "--nats-url", NO_SERVER, "--file", missing.toString());

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines().toList())
        .containsExactly("alert: cannot read alert file " + missing + ": no such file");
  }

  @Test
  void saysWhereABrokenAlertFileIsBrokenWithoutJacksonInternals(@TempDir Path dir)
      throws Exception {
    Path broken =
        Files.writeString(dir.resolve("alert.json"), "{\n  \"service\": \"checkout\",\n}\n");

    Run run = run("alert", "--nats-url", NO_SERVER, "--file", broken.toString());

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines().toList())
        .singleElement()
        .asString()
        .isEqualTo(
            "alert: alert file "
                + broken
                + " is not valid JSON at line 3, column 1: "
                + "'}' where a quoted field name was expected (a trailing comma?)")
        .doesNotContain("code 125", "JsonParseException", "Source:");
  }

  @Test
  void saysWhenAnAlertFileEndsTooEarly(@TempDir Path dir) throws Exception {
    Path cut = Files.writeString(dir.resolve("alert.json"), "{\"service\": \"checkout\"");

    Run run = run("alert", "--nats-url", NO_SERVER, "--file", cut.toString());

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains("is not valid JSON", "the file ends before the JSON is complete");
  }

  @Test
  void treatsAMissingTargetAsUsage() {
    Run run = run("alert", "--nats-url", NO_SERVER);

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines().toList())
        .containsExactly("alert: give --service and --namespace, or --file");
  }

  @Test
  void reportsAnUnknownOptionInOneLineWithExitTwo() {
    Run run = run("status", "--colour");

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines().toList())
        .containsExactly("status: Unknown option: '--colour' (see --help)");
  }

  @Test
  void reportsAMissingRequiredOptionWithExitTwo() {
    Run run = run("execute", "--namespace", "shop");

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("execute: Missing required option");
  }

  @Test
  void reportsAnUnreachableServerAsAFailureNotUsage() {
    Run run = run("status", "--nats-url", NO_SERVER, "--count", "1");

    assertThat(run.exit()).isEqualTo(ExitCodes.FAILURE);
    assertThat(run.err().lines().toList())
        .singleElement()
        .asString()
        .startsWith("status: cannot reach NATS at " + NO_SERVER);
  }

  @Test
  void listsTheBuiltInRunbooksWithoutADirectory(@TempDir Path dir) {
    Run run = run("runbooks", "list", "--dir", dir.resolve("none").toString());

    assertThat(run.exit()).isEqualTo(ExitCodes.OK);
    assertThat(run.out())
        .contains("restart-crashlooping-pods", "increase-memory-limit", "investigate-manually");
  }

  @Test
  void treatsAMissingRunbookDirectoryToValidateAsUsage(@TempDir Path dir) {
    Run run = run("runbooks", "validate", "--dir", dir.resolve("none").toString());

    assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).startsWith("runbooks: no runbook directory at ");
  }

  @Test
  void acceptsEveryFormOfServerListTheNatsClientDoes() {
    assertThat(CliErrors.isNatsUrl("nats://127.0.0.1:4222")).isTrue();
    assertThat(CliErrors.isNatsUrl("tls://nats.example:4222")).isTrue();
    assertThat(CliErrors.isNatsUrl("localhost:4222")).isTrue();
    assertThat(CliErrors.isNatsUrl("not-a-url::")).isFalse();
    assertThat(CliErrors.isNatsUrl("http://nats:4222")).isFalse();
    assertThat(CliErrors.isNatsUrl("")).isFalse();
  }
}
