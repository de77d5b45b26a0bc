package io.autoagent.infra.cli;

import io.autoagent.infra.Main;
import picocli.CommandLine;

/**
 * {@code java -jar infrastructure-sandbox.jar [command]}: the agent's command line ({@link Main})
 * plus the {@code sandbox} command, which runs the agent against an in-process Kubernetes API of
 * broken demo workloads. Only this artifact carries the mock API server; the agent's own jar and
 * image do not.
 */
public final class SandboxMain {

  private SandboxMain() {}

  public static void main(String[] args) {
    if (CliLogging.isCliCommand(args)) {
      CliLogging.configure(); // before any logger exists: the commands' stdout is data
    }
    System.exit(commandLine().execute(args));
  }

  /** The agent's command line with {@code sandbox} added; tests run commands through it. */
  public static CommandLine commandLine() {
    return Main.commandLine().addSubcommand(new SandboxCommand());
  }
}
