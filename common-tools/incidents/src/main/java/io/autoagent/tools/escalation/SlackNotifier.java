package io.autoagent.tools.escalation;

import java.time.Duration;
import java.util.Map;

/** Posts a Block Kit message to a Slack incoming webhook. Thread-safe. */
public final class SlackNotifier implements Notifier, AutoCloseable {

  private final String webhookUrl;
  private final EscalationHttp http;

  public SlackNotifier(String webhookUrl, Duration timeout) {
    this.webhookUrl = webhookUrl;
    this.http = new EscalationHttp("Slack", timeout, Map.of());
  }

  @Override
  public void notify(Escalation escalation) {
    http.send("POST", webhookUrl, SlackMessages.blocks(http.mapper(), escalation));
  }

  @Override
  public void close() {
    http.close();
  }
}
