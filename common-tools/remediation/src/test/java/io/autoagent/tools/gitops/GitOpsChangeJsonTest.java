package io.autoagent.tools.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A change waiting in the outbox is JSON in the agents' mapper, and reads back as it was. */
class GitOpsChangeJsonTest {

  private static final ObjectMapper MAPPER = Json.newMapper();

  @Test
  void readsBackEveryKindOfEditFromItsJson() throws Exception {
    // given
    GitOpsChange change =
        new GitOpsChange(
            "shop",
            "payments",
            "StatefulSet",
            List.of(
                new FieldEdit.Replicas(3),
                new FieldEdit.MemoryLimit("app", "768Mi"),
                new FieldEdit.Image(null, "registry.example.com/payments:v1")),
            "shop/payments/OOM_KILLED",
            "payments was OOMKilled",
            "increase-memory-limit",
            "alert-a1-increase-memory-limit");

    // when
    JsonNode json = MAPPER.valueToTree(change);
    GitOpsChange read = MAPPER.treeToValue(json, GitOpsChange.class);

    // then
    assertThat(read).isEqualTo(change);
    assertThat(json.path("edits").get(0).path("field").asText()).isEqualTo("replicas");
    assertThat(json.path("edits").get(1).path("field").asText()).isEqualTo("memory_limit");
    assertThat(json.path("incident_key").asText()).isEqualTo("shop/payments/OOM_KILLED");
  }
}
