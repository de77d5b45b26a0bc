package io.autoagent.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DeprecationWarningTest {

  @Test
  void agentStartUpWarnsOncePerDeprecatedVariableNamingItsReplacement() {
    Logger log = (Logger) LoggerFactory.getLogger(AgentConfig.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    log.addAppender(events);
    try {
      AgentConfig.fromEnv(
          "infrastructure-agent",
          Map.of("ESCALATION_HTTP_TIMEOUT_SECONDS", "7", "HOSTNAME", "pod-1"));
    } finally {
      log.detachAppender(events);
    }

    assertThat(events.list)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage())
                  .isEqualTo(
                      "ESCALATION_HTTP_TIMEOUT_SECONDS is deprecated: use ESCALATION_HTTP_TIMEOUT_S (the value is used)");
            });
  }
}
