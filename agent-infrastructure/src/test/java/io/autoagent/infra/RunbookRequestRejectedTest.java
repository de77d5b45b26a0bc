package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.testing.Schemas;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A refused runbook request's result as a record serialises to the very bytes the hand-built
 * document published for the same request (that code is kept below), and follows {@code
 * runbook-execution-result.schema.json}.
 */
class RunbookRequestRejectedTest {

  private final ObjectMapper mapper = Json.newMapper();
  private final Envelopes envelopes =
      new Envelopes(
          mapper,
          "infrastructure-agent",
          Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));

  @Test
  void serialisesToTheHandBuiltBytesWhateverCouldBeReadOfTheRequest() throws Exception {
    for (String body :
        Arrays.asList(
            null,
            "{}",
            "{\"runbook_id\": \"scale-deployment\", \"dry_run\": false, \"correlation_id\": \"c-7\","
                + " \"target\": {\"namespace\": \"shop\", \"service\": \"payments\", \"extra\": null}}",
            "{\"runbook_id\": 42, \"dry_run\": \"yes\", \"target\": \"shop/payments\"}")) {
      ObjectNode request = body == null ? null : (ObjectNode) mapper.readTree(body);

      // when
      String json =
          new String(
              Json.bytes(
                  mapper,
                  RunbookRequestRejected.of(
                      envelopes.envelope(
                          RunbookRequestHandler.TYPE_RESULT, "execution-x-1-rejected", "c-1"),
                      request,
                      "x-1",
                      "POLICY_DENIED",
                      "no policy covers shop/payments")),
              StandardCharsets.UTF_8);

      // then
      String handBuilt =
          new String(
              Json.bytes(
                  mapper,
                  handBuilt(request, "x-1", "POLICY_DENIED", "no policy covers shop/payments")),
              StandardCharsets.UTF_8);
      assertThat(json).isEqualTo(handBuilt);
      Schemas.assertValid(ContractSchemas.RUNBOOK_RESULT, json);
    }
  }

  /** {@code RunbookRequestHandler.reject}'s document as it was built by hand. */
  private ObjectNode handBuilt(
      ObjectNode request, String executionId, String code, String message) {
    ObjectNode doc =
        envelopes.create(RunbookRequestHandler.TYPE_RESULT, "execution-x-1-rejected", "c-1");
    doc.put("execution_id", executionId);
    if (request != null && request.path("runbook_id").isTextual()) {
      doc.put("runbook_id", request.get("runbook_id").asText());
    }
    doc.put("status", "rejected");
    doc.put("dry_run", request == null || request.path("dry_run").asBoolean(true));
    if (request != null && request.path("target").isObject()) {
      doc.set("target", request.get("target"));
    }
    doc.putArray("steps");
    ObjectNode error = doc.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return doc;
  }
}
