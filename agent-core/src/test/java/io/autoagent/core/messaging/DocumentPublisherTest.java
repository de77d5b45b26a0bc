package io.autoagent.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.Json;
import io.autoagent.core.llm.CredentialShapes;
import io.autoagent.core.llm.JsonRedaction;
import io.autoagent.core.llm.Redactor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A document is redacted as it is serialised: the bytes are exactly those of serialising it and
 * then redacting the serialised JSON string by string (which the publisher did before), for every
 * credential shape, in every position a document puts a string.
 */
class DocumentPublisherTest {

  private final ObjectMapper mapper = Json.newMapper();

  enum Status {
    OK,
    FAILED
  }

  record Doc(
      @JsonUnwrapped Envelope envelope,
      String summary,
      Status status,
      double confidence,
      long tookMs,
      Instant at,
      List<String> evidence,
      Map<String, Object> attributes,
      List<Map<String, Object>> nested,
      JsonNode raw,
      String absent)
      implements WireMessage {
    Doc withEvidence(List<String> lines) {
      return new Doc(
          envelope,
          summary,
          status,
          confidence,
          tookMs,
          at,
          lines,
          attributes,
          nested,
          raw,
          absent);
    }
  }

  private Doc document(String text) throws Exception {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("password", "plain-looking");
    attributes.put("pod", "api-7d9f " + text);
    attributes.put("restarts", 12);
    attributes.put("lines", List.of("before", text, "after"));
    return new Doc(
        new Envelope("m-1", "c-1", "infrastructure_analysis", "infrastructure-agent", "t", "1.1"),
        "summary: " + text,
        Status.FAILED,
        0.85,
        1234L,
        Instant.parse("2026-12-07T18:00:00.123Z"),
        List.of("log of Ready pod api-7d9f/api:", "  " + text, "  é ü \u2028 \" \\ tab\t"),
        attributes,
        List.of(Map.of("token", "abc", "message", text), Map.of()),
        mapper.readTree(
            "{\"env\": [\"A=1\", "
                + mapper.writeValueAsString(text)
                + "], \"secret\": \"x\", \"n\": 1.5}"),
        null);
  }

  @Test
  void redactsWhileSerialisingExactlyAsTheSerialisedBytesWereRedacted() throws Exception {
    Redactor redactor = new Redactor().withKeys(List.of("DB_CONN"));
    List<String> texts = new java.util.ArrayList<>();
    texts.add("nothing secret here");
    texts.add("DB_CONN=hunter2");
    texts.add(CredentialShapes.PEM_RSA);
    CredentialShapes.ALL.forEach(shape -> texts.add(shape.text()));
    for (String text : texts) {
      Doc doc = document(text);
      byte[] expected = JsonRedaction.redact(Json.bytes(mapper, doc), redactor);
      byte[] actual = DocumentPublisher.redacted(mapper, redactor, doc);
      assertThat(new String(actual, StandardCharsets.UTF_8))
          .as(text)
          .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aPrivateKeyQuotedLineByLineInAnArrayGoesWhole() throws Exception {
    Redactor redactor = new Redactor();
    List<String> lines = List.of(CredentialShapes.PEM_RSA.split("\n"));
    Doc doc = document("x").withEvidence(lines);
    String out =
        new String(DocumentPublisher.redacted(mapper, redactor, doc), StandardCharsets.UTF_8);
    assertThat(out)
        .doesNotContain("MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun");
    assertThat(out)
        .isEqualTo(
            new String(
                JsonRedaction.redact(Json.bytes(mapper, doc), redactor), StandardCharsets.UTF_8));
  }

  record Odd(
      @JsonUnwrapped Envelope envelope,
      byte[] token,
      @com.fasterxml.jackson.annotation.JsonRawValue String password,
      @com.fasterxml.jackson.annotation.JsonRawValue String config,
      String[] lines,
      java.nio.ByteBuffer buffer,
      JsonNode binary)
      implements WireMessage {}

  @Test
  void binaryRawAndStringArrayValuesAreRedactedAsTheSerialisedBytesWere() throws Exception {
    Redactor redactor = new Redactor().withKeys(List.of("DB_CONN"));
    for (CredentialShapes.Shape shape : CredentialShapes.ALL) {
      String text = shape.text();
      byte[] bytes = ("DB_CONN=hunter2 " + text).getBytes(StandardCharsets.UTF_8);
      Odd odd =
          new Odd(
              new Envelope("m-1", "c-1", "x", "infrastructure-agent", "t", "1.1"),
              bytes,
              mapper.writeValueAsString("hunter2secret " + text),
              "{\"url\": " + mapper.writeValueAsString(text) + ", \"n\": [1, 2.5, true, null]}",
              new String[] {"a", text, "DB_CONN=hunter2"},
              java.nio.ByteBuffer.wrap(bytes),
              com.fasterxml.jackson.databind.node.BinaryNode.valueOf(bytes));

      byte[] expected = JsonRedaction.redact(Json.bytes(mapper, odd), redactor);
      String actual =
          new String(DocumentPublisher.redacted(mapper, redactor, odd), StandardCharsets.UTF_8);

      assertThat(actual).as(shape.name()).isEqualTo(new String(expected, StandardCharsets.UTF_8));
      assertThat(actual).as(shape.name()).doesNotContain("hunter2").doesNotContain(shape.secret());
    }
  }
}
