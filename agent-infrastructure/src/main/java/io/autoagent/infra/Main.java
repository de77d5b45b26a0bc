package io.autoagent.infra;

import io.autoagent.core.Shutdown;
import io.autoagent.core.config.ConfigException;
import io.autoagent.core.status.Version;
import io.autoagent.infra.cli.AlertCommand;
import io.autoagent.infra.cli.CliException;
import io.autoagent.infra.cli.ExecuteCommand;
import io.autoagent.infra.cli.RunbooksCommand;
import io.autoagent.infra.cli.SandboxCommand;
import io.autoagent.infra.cli.StatusCommand;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar infrastructure-agent.jar [command]}: with no command (or {@code run}) it runs the
 * agent, configured by environment variables. A bad setting stops start-up with one line naming
 * the variable and exit status 2; a failing command prints one line and exits non-zero.
 */
@Command(
    name = "infrastructure-agent",
    mixinStandardHelpOptions = true,
    versionProvider = Main.VersionProvider.class,
    description = "Event-driven infrastructure agent for Kubernetes on NATS JetStream.",
    subcommands = {Main.RunCommand.class, SandboxCommand.class, AlertCommand.class, StatusCommand.class, RunbooksCommand.class, ExecuteCommand.class})
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with one-line error reporting; tests run commands through it. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setExecutionExceptionHandler(
            (e, cmd, parsed) -> {
              if (e instanceof CliException) {
                cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
                return 1;
              }
              if (e instanceof ConfigException) {
                // a bad setting (NATS_CREDS, NATS_TLS_CA, ...): one line naming it, status 2
                cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
                return 2;
              }
              throw e;
            });
  }

  @Override
  public Integer call() throws InterruptedException {
    return new RunCommand().call();
  }

  /** Runs the agent until SIGTERM. */
  @Command(name = "run", description = "Run the agent (the default), configured by environment variables.")
  public static final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() throws InterruptedException {
      InfraConfig config;
      try {
        config = InfraConfig.fromEnv(System.getenv());
      } catch (ConfigException e) {
        // No logger yet on purpose: logging is configured from the same (possibly bad) variables.
        System.err.println("infrastructure-agent: " + e.getMessage());
        return 2;
      }
      InfrastructureAgent agent;
      try {
        agent = InfrastructureAgent.start(config);
      } catch (ConfigException e) {
        // the NATS server refused the TLS handshake or the credentials the settings name
        System.err.println("infrastructure-agent: " + e.getMessage());
        return 2;
      } catch (IOException e) {
        System.err.println("infrastructure-agent: cannot start: " + e.getMessage());
        return 1;
      }
      awaitShutdown(agent);
      return 0;
    }
  }

  /** Blocks until SIGTERM or Ctrl-C, then closes {@code resource} gracefully. */
  public static void awaitShutdown(AutoCloseable resource) throws InterruptedException {
    Shutdown.awaitSignal(InfraConfig.AGENT_NAME, resource);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"infrastructure-agent " + Version.current()};
    }
  }
}
