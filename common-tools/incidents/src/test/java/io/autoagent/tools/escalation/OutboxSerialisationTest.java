package io.autoagent.tools.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.Json;
import io.autoagent.core.llm.CredentialShapes;
import io.autoagent.core.llm.JsonRedaction;
import io.autoagent.core.llm.Redactor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link Outbox#enqueue} stores: the item serialised once through the redacting generator,
 * byte for byte what serialising it and then redacting the serialised bytes stored before.
 */
class OutboxSerialisationTest {

  private final ObjectMapper mapper = Json.newMapper();

  @Test
  void storesExactlyTheBytesTheTwoPassRedactionStored() {
    Redactor redactor = new Redactor();
    List<String> texts = new ArrayList<>();
    texts.add("nothing secret here");
    texts.add("password=hunter2 and more");
    texts.add(CredentialShapes.PEM_RSA);
    CredentialShapes.ALL.forEach(shape -> texts.add(shape.text()));
    for (String text : texts) {
      for (OutboxItem item : items(text)) {
        byte[] expected = JsonRedaction.redact(Json.bytes(mapper, item), redactor);
        byte[] actual = JsonRedaction.serialize(mapper, item, redactor);
        assertThat(new String(actual, StandardCharsets.UTF_8))
            .as(item.action() + ": " + text)
            .isEqualTo(new String(expected, StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void noCredentialShapeReachesTheStoredItem() {
    Redactor redactor = new Redactor();
    for (CredentialShapes.Shape shape : CredentialShapes.ALL) {
      for (OutboxItem item : items(shape.text())) {
        String stored =
            new String(JsonRedaction.serialize(mapper, item, redactor), StandardCharsets.UTF_8);
        assertThat(stored).as(shape.name()).doesNotContain(shape.secret());
      }
    }
  }

  private List<OutboxItem> items(String text) {
    ObjectNode bundle = mapper.createObjectNode();
    bundle.putObject("alert").put("description", "pod crashed: " + text);
    bundle.putArray("reports").addObject().put("detail", text).put("restarts", 12);
    bundle.putObject("analysis").putArray("lines").add("before").add(text).add("é ü \" \\\t");
    ObjectNode archive = mapper.createObjectNode();
    archive.put("message_id", "archive-1");
    archive.put("folder", "2026/12/07/ns/api/");
    archive.putNull("pod");
    archive.set("bundle", bundle);
    ObjectNode ticket = mapper.createObjectNode();
    ticket.put("summary", "Crash loop: " + text);
    ticket.put("attempt", 3);
    return List.of(
        new OutboxItem(OutboxItem.Action.ARCHIVE, null, null, "alert-1", archive),
        new OutboxItem(
            OutboxItem.Action.RAISE_TICKET,
            new Escalation(
                Escalation.Kind.CRITICAL_FINDING,
                "alert-2",
                "ns",
                "api",
                "CRASH_LOOP",
                "Crash loop: " + text,
                "#ops",
                List.of("https://grafana.example/d/api", text)),
            new IncidentKey("ns", "api", "CRASH_LOOP"),
            "alert-2",
            ticket),
        new OutboxItem(
            OutboxItem.Action.RESOLVE_TICKETS,
            null,
            new IncidentKey("ns", "api " + text, "CRASH_LOOP"),
            "alert-3",
            null));
  }
}
