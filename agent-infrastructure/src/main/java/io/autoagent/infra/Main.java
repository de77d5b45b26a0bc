package io.autoagent.infra;

import io.autoagent.core.Shutdown;
import io.autoagent.core.config.ConfigException;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.status.Version;
import io.autoagent.infra.cli.AlertCommand;
import io.autoagent.infra.cli.CliErrors;
import io.autoagent.infra.cli.CliLogging;
import io.autoagent.infra.cli.ExecuteCommand;
import io.autoagent.infra.cli.ExitCodes;
import io.autoagent.infra.cli.RunbooksCommand;
import io.autoagent.infra.cli.StatusCommand;
import io.autoagent.infra.startup.KubernetesTarget;
import io.autoagent.infra.startup.StartupSummary;
import io.autoagent.infra.webhook.AlertmanagerReceiver;
import io.autoagent.infra.webhook.JetStreamAlertSink;
import io.autoagent.infra.webhook.WebhookConfig;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar infrastructure-agent.jar [command]}: with no command (or {@code run}) it runs
 * the agent, configured by environment variables. A bad setting stops start-up with one line naming
 * the variable and exit status 2; a failing command prints one line and exits non-zero.
 */
@Command(
    name = "infrastructure-agent",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = ExitCodes.HELP_HEADING,
    exitCodeList = {
      ExitCodes.HELP_OK,
      ExitCodes.HELP_FAILURE,
      ExitCodes.HELP_USAGE,
      ExitCodes.HELP_REJECTED
    },
    versionProvider = Main.VersionProvider.class,
    description = "Event-driven infrastructure agent for Kubernetes on NATS JetStream.",
    subcommands = {
      Main.RunCommand.class,
      AlertCommand.class,
      StatusCommand.class,
      RunbooksCommand.class,
      ExecuteCommand.class
    })
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    if (CliLogging.isCliCommand(args)) {
      CliLogging.configure(); // before any logger exists: the commands' stdout is data
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with one-line error reporting and the exit codes of {@link ExitCodes}; tests
   * run commands through it.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
    return cli.setExecutionStrategy(
            parsed -> {
              String bad = CliErrors.badNatsUrl(parsed);
              if (bad != null) {
                CommandLine cmd = parsed.asCommandLineList().getLast();
                cmd.getErr().println(cmd.getCommandName() + ": " + bad);
                cmd.getErr().flush();
                return ExitCodes.USAGE;
              }
              return run.execute(parsed);
            })
        .setParameterExceptionHandler(CliErrors::usage)
        .setExecutionExceptionHandler(CliErrors::failure);
  }

  @Override
  public Integer call() throws InterruptedException {
    return new RunCommand().call();
  }

  /** Runs the agent until SIGTERM. */
  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      exitCodeListHeading = ExitCodes.HELP_HEADING,
      exitCodeList = {
        "0:stopped by SIGTERM or Ctrl-C",
        "1:cannot start (NATS unreachable, ...)",
        "2:a setting is not valid (the line names the variable)"
      },
      description =
          "Run the agent (the default), configured by environment variables (docs/configuration.md).")
  public static final class RunCommand implements Callable<Integer> {
    /** How long the webhook receiver waits for JetStream's acknowledgement before answering 503. */
    private static final java.time.Duration WEBHOOK_ACK_TIMEOUT = java.time.Duration.ofSeconds(5);

    @Override
    public Integer call() throws InterruptedException {
      InfraConfig config;
      WebhookConfig webhook;
      KubernetesTarget kubernetes;
      try {
        config = InfraConfig.fromEnv(System.getenv());
        webhook = WebhookConfig.fromEnv(System.getenv());
        kubernetes = KubernetesTarget.fromEnv(System.getenv());
      } catch (ConfigException e) {
        // No logger yet on purpose: logging is configured from the same (possibly bad) variables.
        System.err.println("infrastructure-agent: " + e.getMessage());
        return 2;
      }
      InfrastructureAgent agent;
      AlertmanagerReceiver receiver;
      try {
        agent = InfrastructureAgent.start(config);
        receiver =
            AlertmanagerReceiver.start(
                webhook,
                new JetStreamAlertSink(
                    agent.transport().connection(),
                    Contract.SUBJECT_INFRASTRUCTURE,
                    WEBHOOK_ACK_TIMEOUT),
                Json.newMapper(),
                agent.meterRegistry());
        StartupSummary.log(
            config,
            kubernetes,
            receiver == null ? webhook : webhook.boundTo(receiver.port()),
            agent.runbooks());
      } catch (ConfigException e) {
        // the NATS server refused the TLS handshake or the credentials the settings name
        System.err.println("infrastructure-agent: " + e.getMessage());
        return 2;
      } catch (IOException e) {
        System.err.println("infrastructure-agent: cannot start: " + e.getMessage());
        return 1;
      }
      awaitShutdown(
          receiver == null
              ? agent
              : () -> {
                receiver.close();
                agent.close();
              });
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
