package io.autoagent.infra.cli;

/** The CLI's exit statuses, documented in {@code docs/cli.md}. */
public final class ExitCodes {

  /** The command did what was asked; an analysis or execution came back fine. */
  public static final int OK = 0;

  /** Something failed (NATS unreachable, an invalid runbook) or no answer came in time. */
  public static final int FAILURE = 1;

  /**
   * Bad usage: an unknown option, a missing or bad value, an unreadable or malformed input file.
   */
  public static final int USAGE = 2;

  /** The agent answered, and the analysis or the runbook execution failed or was rejected. */
  public static final int REJECTED = 3;

  /** For {@code --help}: picocli's exitCodeList entries. */
  public static final String HELP_OK = "0:ok";

  public static final String HELP_FAILURE = "1:failure, or no answer in time";
  public static final String HELP_USAGE = "2:bad usage or input (option, value, file)";
  public static final String HELP_REJECTED = "3:the analysis or execution failed or was rejected";
  public static final String HELP_HEADING = "%nExit codes:%n";

  private ExitCodes() {}
}
