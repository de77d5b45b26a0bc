package io.autoagent.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.autoagent.core.llm.CredentialShapes;
import io.autoagent.core.llm.CredentialShapes.Shape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.MDC;

/** The agent's own logback.xml, both formats: no credential reaches the output. */
class RedactingEncoderTest {

  @ParameterizedTest
  @ValueSource(strings = {"text", "json"})
  void writesNoCredentialInMessagesArgumentsMdcOrExceptions(String format) throws Exception {
    // given the shipped configuration writing to a captured stdout
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(MDC.getMDCAdapter());
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      context.putProperty("LOG_FORMAT", format);
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      URL config = RedactingEncoder.class.getResource("/logback.xml");
      configurator.doConfigure(config);
      Logger log = context.getLogger("io.autoagent.test");

      // when every shape is logged as a message, an argument, an MDC value and an exception message
      for (Shape shape : CredentialShapes.ALL) {
        MDC.put("correlation_id", shape.text());
        log.info("evidence line: " + shape.text());
        log.warn("argument {}", shape.text());
        log.error(
            "call failed",
            new IllegalStateException(
                "cause: " + shape.text(), new RuntimeException("inner " + shape.text())));
        MDC.remove("correlation_id");
      }
      context.stop();
    } finally {
      System.setOut(original);
    }

    // then the lines are there, and none of the credentials
    String out = captured.toString(StandardCharsets.UTF_8);
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .as("logback status")
        .noneMatch(s -> s.getEffectiveLevel() >= ch.qos.logback.core.status.Status.ERROR);
    assertThat(out).contains("evidence line:").contains("call failed").contains("[REDACTED]");
    for (Shape shape : CredentialShapes.ALL) {
      assertThat(out).as(shape.name()).doesNotContain(shape.secret());
    }
  }
}
