package io.autoagent.infra.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * How the CLI reports what went wrong: one line, prefixed by the command's name, never a stack
 * trace (unless {@code LOG_LEVEL=DEBUG}), with the exit codes of {@link ExitCodes}.
 */
public final class CliErrors {

  private static final Set<String> NATS_SCHEMES = Set.of("nats", "tls", "ws", "wss");

  private CliErrors() {}

  /** A usage error picocli found (unknown option, missing or bad value): one line and a hint. */
  public static int usage(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandName() + ": " + e.getMessage() + " (see --help)");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** An exception a command threw. */
  public static int failure(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof CliException cli) {
      err.println(cmd.getCommandName() + ": " + cli.getMessage());
      err.flush();
      return cli.exitCode();
    }
    if (e instanceof io.autoagent.core.config.ConfigException) {
      // a bad setting (NATS_CREDS, NATS_TLS_CA, ...): one line naming it, usage status
      err.println(cmd.getCommandName() + ": " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    err.println(cmd.getCommandName() + ": " + describe(e));
    if ("DEBUG".equalsIgnoreCase(System.getenv("LOG_LEVEL"))) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.FAILURE;
  }

  /** The exception's message, else its kind in words; never a class name alone when avoidable. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank()
        ? "unexpected " + root.getClass().getSimpleName() + " (LOG_LEVEL=DEBUG prints the details)"
        : message.lines().findFirst().orElse(message);
  }

  /**
   * The problem with the {@code --nats-url} of the command about to run (given, or from {@code
   * NATS_URL}), or null when it has none or it is fine.
   */
  public static String badNatsUrl(ParseResult parsed) {
    ParseResult last = parsed;
    while (last.hasSubcommand()) {
      last = last.subcommand();
    }
    OptionSpec option = last.commandSpec().findOption("--nats-url");
    if (option == null || option.getValue() == null) {
      return null;
    }
    String value = option.getValue().toString();
    String source =
        last.hasMatchedOption("--nats-url") ? "--nats-url " + value : "NATS_URL=" + value;
    for (String part : value.split(",", -1)) {
      if (!isNatsUrl(part.trim())) {
        return source
            + " is not valid: expected a server URL like nats://host:4222 (several separated by commas)";
      }
    }
    return null;
  }

  static boolean isNatsUrl(String value) {
    if (value.isEmpty()) {
      return false;
    }
    try {
      URI uri = new URI(value.contains("://") ? value : "nats://" + value);
      return uri.getScheme() != null
          && NATS_SCHEMES.contains(uri.getScheme())
          && uri.getHost() != null
          && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"));
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
