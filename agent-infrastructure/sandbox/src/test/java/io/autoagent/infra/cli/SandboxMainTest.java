package io.autoagent.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SandboxMainTest {

  @Test
  void addsTheSandboxCommandWithHelpThatListsTheExitCodes() {
    // given: the sandbox artifact's command line
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cli = SandboxMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));

    // when
    int exit = cli.execute("sandbox", "--help");

    // then
    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(
            "Usage:",
            "Exit codes:",
            "2   ",
            "3   the analysis or execution failed or was rejected");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void keepsTheAgentsOwnCommands() {
    assertThat(SandboxMain.commandLine().getSubcommands())
        .containsKeys("run", "sandbox", "alert", "status", "runbooks", "execute");
  }
}
