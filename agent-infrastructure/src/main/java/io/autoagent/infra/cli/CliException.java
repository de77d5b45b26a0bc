package io.autoagent.infra.cli;

/**
 * A command that cannot go on. Its message is printed as one line, without a stack trace, and the
 * command exits with {@link #exitCode()}: {@link ExitCodes#FAILURE} unless made by {@link #usage}.
 */
public final class CliException extends RuntimeException {

  private final int exitCode;

  public CliException(String message) {
    this(message, ExitCodes.FAILURE);
  }

  private CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  /** Bad input from the user (an option, a file): exit {@link ExitCodes#USAGE}. */
  public static CliException usage(String message) {
    return new CliException(message, ExitCodes.USAGE);
  }

  public int exitCode() {
    return exitCode;
  }
}
