package io.autoagent.guardian;

import io.autoagent.core.Shutdown;
import io.autoagent.core.config.ConfigException;
import io.autoagent.guardian.backtest.BacktestCommand;
import io.autoagent.guardian.config.OpsGuardianConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * {@code java -jar ops-guardian.jar}: runs the Ops Guardian, configured by environment variables,
 * until SIGTERM; {@code java -jar ops-guardian.jar backtest ...} replays a trace offline instead
 * (see {@link BacktestCommand}). A bad setting stops start-up with one line naming the variable and
 * exit status 2.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && args[0].equals("backtest")) {
      // offline: no NATS, no cluster
      System.exit(
          BacktestCommand.execute(
              Arrays.copyOfRange(args, 1, args.length),
              new PrintWriter(System.out, true, StandardCharsets.UTF_8),
              new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }
    int status = run(System.getenv());
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Starts and blocks until shutdown; returns the exit status when start-up fails. */
  static int run(Map<String, String> env) throws InterruptedException {
    OpsGuardianConfig config;
    try {
      config = OpsGuardianConfig.fromEnv(env);
    } catch (ConfigException e) {
      // No logger yet on purpose: logging is configured from the same (possibly bad) variables.
      System.err.println(OpsGuardianConfig.AGENT_NAME + ": " + e.getMessage());
      return 2;
    }
    OpsGuardian guardian;
    try {
      guardian = OpsGuardian.start(config);
    } catch (ConfigException e) {
      // the NATS server refused the TLS handshake or the credentials the settings name
      System.err.println(OpsGuardianConfig.AGENT_NAME + ": " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println(OpsGuardianConfig.AGENT_NAME + ": cannot start: " + e.getMessage());
      return 1;
    }
    Shutdown.awaitSignal(OpsGuardianConfig.AGENT_NAME, guardian);
    return 0;
  }
}
