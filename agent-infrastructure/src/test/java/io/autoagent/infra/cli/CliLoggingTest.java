package io.autoagent.infra.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.read.ListAppender;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class CliLoggingTest {

  @Test
  void recognisesTheCommandsWhoseOutputIsData() {
    assertThat(CliLogging.isCliCommand(new String[] {"runbooks", "list"})).isTrue();
    assertThat(CliLogging.isCliCommand(new String[] {"--verbose", "execute", "--json"})).isTrue();
    assertThat(CliLogging.isCliCommand(new String[] {"run"})).isFalse();
    assertThat(CliLogging.isCliCommand(new String[] {})).isFalse();
  }

  @Test
  void cliConfigurationLogsToStderrAtWarnAndSilencesTheNatsClient() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(CliLogging.class.getClassLoader().getResource("logback-cli.xml"));

    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ConsoleAppender<ILoggingEvent> console =
        (ConsoleAppender<ILoggingEvent>) root.getAppender("stderr");
    assertThat(console.getTarget()).isEqualTo("System.err");
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("io.nats.client.impl.ErrorListenerLoggerImpl").isErrorEnabled())
        .isFalse();
  }

  @Test
  void forwardsJavaUtilLoggingRecordsToSlf4j() {
    Logger target = (Logger) LoggerFactory.getLogger("test.jul.bridge");
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    target.addAppender(events);
    try {
      LogRecord record = new LogRecord(java.util.logging.Level.SEVERE, "connection to {0} lost");
      record.setLoggerName("test.jul.bridge");
      record.setParameters(new Object[] {"nats://a:4222"});

      new CliLogging.Slf4jHandler().publish(record);

      assertThat(events.list)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage()).isEqualTo("connection to nats://a:4222 lost");
              });
    } finally {
      target.detachAppender(events);
    }
  }
}
