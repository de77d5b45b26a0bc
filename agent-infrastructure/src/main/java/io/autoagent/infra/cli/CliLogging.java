package io.autoagent.infra.cli;

import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logging for the CLI commands: their data goes to stdout, so logs go to stderr ({@code
 * logback-cli.xml}, warnings and errors unless {@code LOG_LEVEL} says otherwise), and
 * java.util.logging (the NATS client's own {@code SEVERE} lines, the mock server, Lucene) is routed
 * through SLF4J instead of printing by itself.
 */
public final class CliLogging {

  /** The subcommands whose stdout is data; {@code run} keeps the agent's logging. */
  static final Set<String> CLI_COMMANDS =
      Set.of("sandbox", "alert", "status", "runbooks", "execute");

  private CliLogging() {}

  /** True when {@code args} name a CLI subcommand. */
  public static boolean isCliCommand(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("-")) {
        return CLI_COMMANDS.contains(arg);
      }
    }
    return false;
  }

  /**
   * Selects {@code logback-cli.xml} and bridges java.util.logging; call before any logger is made.
   */
  public static void configure() {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "logback-cli.xml");
    }
    bridgeJavaUtilLogging();
  }

  /** Replaces java.util.logging's console handler with one that forwards to SLF4J. */
  public static void bridgeJavaUtilLogging() {
    LogManager.getLogManager().reset();
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.setLevel(Level.INFO);
    root.addHandler(new Slf4jHandler());
  }

  /** Forwards each java.util.logging record to the SLF4J logger of the same name. */
  static final class Slf4jHandler extends Handler {
    @Override
    public void publish(LogRecord record) {
      if (record == null) {
        return;
      }
      Logger log =
          LoggerFactory.getLogger(record.getLoggerName() == null ? "jul" : record.getLoggerName());
      String message = record.getMessage();
      if (record.getParameters() != null && message != null && message.contains("{0")) {
        message = java.text.MessageFormat.format(message, record.getParameters());
      }
      int level = record.getLevel().intValue();
      if (level >= Level.SEVERE.intValue()) {
        log.error(message, record.getThrown());
      } else if (level >= Level.WARNING.intValue()) {
        log.warn(message, record.getThrown());
      } else if (level >= Level.INFO.intValue()) {
        log.info(message, record.getThrown());
      } else {
        log.debug(message, record.getThrown());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
