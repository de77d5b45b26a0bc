package io.autoagent.infra.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.Json;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AlertmanagerBodyTest {

  private static final ObjectMapper MAPPER = Json.newMapper();

  private static byte[] notification() throws Exception {
    try (InputStream in =
        AlertmanagerBodyTest.class.getResourceAsStream(
            "/alertmanager/crashloop-notification.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void givesTheSameBodyTheSameMessageIdEvenReformatted() throws Exception {
    byte[] body = notification();
    byte[] reformatted = MAPPER.writeValueAsBytes(MAPPER.readTree(body));

    AlertmanagerBody first = AlertmanagerBody.parse(MAPPER, body);
    AlertmanagerBody again = AlertmanagerBody.parse(MAPPER, reformatted);

    assertThat(first.messageId())
        .startsWith("alertmanager-")
        .hasSize("alertmanager-".length() + 40);
    assertThat(again.messageId()).isEqualTo(first.messageId());
    assertThat(first.alerts()).isEqualTo(2);
    assertThat(first.firing()).isEqualTo(1);
  }

  @Test
  void givesANewIdWhenAnAlertChangesStatusOrStartsAgain() throws Exception {
    ObjectNode body = (ObjectNode) MAPPER.readTree(notification());
    String id = AlertmanagerBody.parse(MAPPER, MAPPER.writeValueAsBytes(body)).messageId();

    ObjectNode resolved = body.deepCopy();
    ((ObjectNode) resolved.withArray("alerts").get(0)).put("status", "resolved");
    ObjectNode restarted = body.deepCopy();
    ((ObjectNode) restarted.withArray("alerts").get(0)).put("startsAt", "2026-12-07T11:00:00Z");
    ObjectNode otherGroup = body.deepCopy();
    otherGroup.put("groupKey", "{}:{alertname=\"Other\"}");

    assertThat(AlertmanagerBody.parse(MAPPER, MAPPER.writeValueAsBytes(resolved)).messageId())
        .isNotEqualTo(id);
    assertThat(AlertmanagerBody.parse(MAPPER, MAPPER.writeValueAsBytes(restarted)).messageId())
        .isNotEqualTo(id);
    assertThat(AlertmanagerBody.parse(MAPPER, MAPPER.writeValueAsBytes(otherGroup)).messageId())
        .isNotEqualTo(id);
  }

  @Test
  void refusesWhatIsNotAnAlertmanagerBodySayingWhy() {
    assertThatThrownBy(() -> parse("")).hasMessage("body is empty");
    assertThatThrownBy(() -> parse("{\"version\":"))
        .hasMessageStartingWith("body is not valid JSON");
    assertThatThrownBy(() -> parse("[1]")).hasMessageContaining("got array");
    assertThatThrownBy(() -> parse("{\"alerts\": []}"))
        .hasMessageStartingWith("$.version must be \"4\"");
    assertThatThrownBy(() -> parse("{\"version\": 4, \"alerts\": []}"))
        .hasMessageStartingWith("$.version must be \"4\"");
    assertThatThrownBy(() -> parse("{\"version\": \"4\"}")).hasMessage("$.alerts must be an array");
    assertThatThrownBy(() -> parse("{\"version\": \"4\", \"alerts\": [{\"status\": \"firing\"}]}"))
        .hasMessage("$.alerts[0].labels must be an object");
    assertThatThrownBy(
            () ->
                parse(
                    "{\"version\": \"4\", \"alerts\": [{\"status\": \"pending\", \"labels\": {}}]}"))
        .hasMessage("$.alerts[0].status must be firing or resolved, got 'pending'");
  }

  private static AlertmanagerBody parse(String json) {
    return AlertmanagerBody.parse(MAPPER, json.getBytes(StandardCharsets.UTF_8));
  }
}
