package io.autoagent.core.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.autoagent.core.llm.Redactor;

/**
 * Wraps the encoder that formats the agent's log lines (text or JSON) and hands it each event with
 * its message, MDC values and exception messages redacted by the agent's {@link Redactor}: a
 * credential that reaches a log statement (an exception quoting a connection string, a log line
 * quoting evidence) is written as {@code [REDACTED]}. Configured in {@code logback.xml}:
 *
 * <pre>{@code
 * <encoder class="io.autoagent.core.logging.RedactingEncoder">
 *   <encoder class="ch.qos.logback.classic.encoder.PatternLayoutEncoder">...</encoder>
 * </encoder>
 * }</pre>
 */
public final class RedactingEncoder extends EncoderBase<ILoggingEvent> {

  private final Redactor redactor = new Redactor();
  private Encoder<ILoggingEvent> encoder;

  /** The encoder that formats the redacted events. */
  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("RedactingEncoder needs a nested <encoder> that formats the events");
      return;
    }
    if (encoder.getContext() == null) {
      encoder.setContext(getContext());
    }
    if (!encoder.isStarted()) {
      encoder.start();
    }
    super.start();
  }

  @Override
  public void stop() {
    if (encoder != null) {
      encoder.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return encoder == null ? null : encoder.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return encoder.encode(new RedactedEvent(event, redactor));
  }

  @Override
  public byte[] footerBytes() {
    return encoder == null ? null : encoder.footerBytes();
  }
}
