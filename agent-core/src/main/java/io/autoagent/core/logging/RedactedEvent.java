package io.autoagent.core.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.autoagent.core.llm.Redactor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/** A logging event whose message, arguments, MDC values and exception messages are redacted. */
final class RedactedEvent implements ILoggingEvent {

  private final ILoggingEvent event;
  private final Redactor redactor;
  private String message;

  RedactedEvent(ILoggingEvent event, Redactor redactor) {
    this.event = event;
    this.redactor = redactor;
  }

  @Override
  public String getFormattedMessage() {
    if (message == null) {
      message = redactor.redact(event.getFormattedMessage());
    }
    return message;
  }

  @Override
  public String getMessage() {
    return getFormattedMessage();
  }

  @Override
  public Object[] getArgumentArray() {
    Object[] args = event.getArgumentArray();
    return args == null
        ? null
        : Arrays.stream(args)
            .map(a -> a instanceof CharSequence s ? redactor.redact(s.toString()) : a)
            .toArray();
  }

  @Override
  public IThrowableProxy getThrowableProxy() {
    return throwable(event.getThrowableProxy(), redactor);
  }

  @Override
  public Map<String, String> getMDCPropertyMap() {
    return mdc(event.getMDCPropertyMap());
  }

  @Override
  @SuppressWarnings("deprecation")
  public Map<String, String> getMdc() {
    return mdc(event.getMdc());
  }

  private Map<String, String> mdc(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return map;
    }
    Map<String, String> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, redactor.redact(v)));
    return out;
  }

  @Override
  public String getThreadName() {
    return event.getThreadName();
  }

  @Override
  public Level getLevel() {
    return event.getLevel();
  }

  @Override
  public String getLoggerName() {
    return event.getLoggerName();
  }

  @Override
  public LoggerContextVO getLoggerContextVO() {
    return event.getLoggerContextVO();
  }

  @Override
  public StackTraceElement[] getCallerData() {
    return event.getCallerData();
  }

  @Override
  public boolean hasCallerData() {
    return event.hasCallerData();
  }

  @Override
  public List<Marker> getMarkerList() {
    return event.getMarkerList();
  }

  @Override
  public long getTimeStamp() {
    return event.getTimeStamp();
  }

  @Override
  public int getNanoseconds() {
    return event.getNanoseconds();
  }

  @Override
  public long getSequenceNumber() {
    return event.getSequenceNumber();
  }

  @Override
  public List<KeyValuePair> getKeyValuePairs() {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    return pairs == null
        ? null
        : pairs.stream()
            .map(
                p ->
                    p.value instanceof CharSequence s
                        ? new KeyValuePair(p.key, redactor.redact(s.toString()))
                        : p)
            .toList();
  }

  @Override
  public void prepareForDeferredProcessing() {
    event.prepareForDeferredProcessing();
  }

  static IThrowableProxy throwable(IThrowableProxy proxy, Redactor redactor) {
    return proxy == null ? null : new RedactedThrowable(proxy, redactor);
  }

  /** An exception whose message (and its causes' and suppressed exceptions') is redacted. */
  private record RedactedThrowable(IThrowableProxy proxy, Redactor redactor)
      implements IThrowableProxy {
    @Override
    public String getMessage() {
      return redactor.redact(proxy.getMessage());
    }

    @Override
    public String getOverridingMessage() {
      return redactor.redact(proxy.getOverridingMessage());
    }

    @Override
    public String getClassName() {
      return proxy.getClassName();
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
      return proxy.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
      return proxy.getCommonFrames();
    }

    @Override
    public IThrowableProxy getCause() {
      return throwable(proxy.getCause(), redactor);
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
      IThrowableProxy[] suppressed = proxy.getSuppressed();
      return suppressed == null
          ? null
          : Arrays.stream(suppressed)
              .map(s -> throwable(s, redactor))
              .toArray(IThrowableProxy[]::new);
    }

    @Override
    public boolean isCyclic() {
      return proxy.isCyclic();
    }
  }
}
