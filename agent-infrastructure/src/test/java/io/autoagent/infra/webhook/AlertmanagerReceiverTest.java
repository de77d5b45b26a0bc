package io.autoagent.infra.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerReceiverTest {

  private static final AlertSink NEVER =
      (id, body) -> {
        throw new AssertionError("nothing should be published");
      };

  @Test
  void startsNothingWhenOff() throws Exception {
    assertThat(
            AlertmanagerReceiver.start(
                WebhookConfig.fromEnv(Map.of()), NEVER, Json.newMapper(), null))
        .isNull();
  }

  @Test
  void namesTheVariableWhenThePortIsTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      WebhookConfig config =
          WebhookConfig.fromEnv(
              Map.of(
                  "WEBHOOK_PORT",
                  String.valueOf(taken.getLocalPort()),
                  "WEBHOOK_ALLOW_ANONYMOUS",
                  "true"));

      assertThatThrownBy(() -> AlertmanagerReceiver.start(config, NEVER, Json.newMapper(), null))
          .isInstanceOf(IOException.class)
          .hasMessageStartingWith("WEBHOOK_PORT=" + taken.getLocalPort() + " cannot be used: ");
    }
  }
}
