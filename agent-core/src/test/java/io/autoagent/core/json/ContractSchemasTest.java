package io.autoagent.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContractSchemasTest {

  private final ContractSchemas schemas = new ContractSchemas();

  @Test
  void keepsAnExactCopyOfTheSharedContract() throws IOException {
    // The project's copy must not drift from the team's contract when both are present.
    Path shared = Path.of("..", "..", "shared", "contract", "schemas");
    assumeTrue(Files.isDirectory(shared), "shared/contract is not beside the repository");
    List<Path> files;
    try (var stream = Files.list(shared)) {
      files = stream.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSize(7);
    for (Path file : files) {
      try (InputStream copy =
          getClass().getResourceAsStream("/contract/schemas/" + file.getFileName())) {
        assertThat(copy).as("copy of %s", file.getFileName()).isNotNull();
        assertThat(new String(copy.readAllBytes())).isEqualTo(Files.readString(file));
      }
    }
  }

  @Test
  void acceptsTheContractsExampleAlert() {
    String alert =
        """
        {"alert_id": "a-123", "correlation_id": "c-9", "service": "payments", "namespace": "prod",
         "severity": "critical", "reason": "CrashLoopBackOff", "summary": "payments pods restarting",
         "labels": {"team": "core"}, "annotations": {}, "started_at": "2026-11-22T10:00:00Z",
         "context": {"error_rate": 4.2}, "mode": "analyze"}
        """;

    assertThat(schemas.validate(ContractSchemas.ALERT, alert)).isEmpty();
  }

  @Test
  void namesTheFieldThatBreaksTheSchema() {
    assertThat(schemas.validate(ContractSchemas.ALERT, "{\"namespace\": \"prod\"}"))
        .anySatisfy(m -> assertThat(m).contains("service"));
    assertThat(
            schemas.validate(
                ContractSchemas.ALERT, "{\"service\": \"Pay Ments\", \"namespace\": \"prod\"}"))
        .anySatisfy(m -> assertThat(m).contains("/service"));
    assertThat(
            schemas.validate(
                ContractSchemas.ALERT,
                "{\"service\": \"a\", \"namespace\": \"b\", \"started_at\": \"yesterday\"}"))
        .anySatisfy(m -> assertThat(m).contains("started_at"));
  }

  @Test
  void resolvesTheEnvelopeReferencedByOtherSchemas() {
    String withoutEnvelope =
        """
        {"type": "infrastructure_analysis", "alert_id": "a", "status": "rejected", "sources": {},
         "analyzer": "rules", "duration_ms": 1, "error": {"code": "INVALID_JSON", "message": "x"}}
        """;

    assertThat(schemas.validate(ContractSchemas.ANALYSIS, withoutEnvelope))
        .anySatisfy(m -> assertThat(m).contains("message_id"));
  }
}
