package io.autoagent.guardian.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CoordinationRequestsTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-05-26T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  @Test
  void readsTheContractsPauseExample() throws Exception {
    Pause pause =
        CoordinationRequests.pause(
            json(
                "{\"requested_by\": \"financial-guardian\", \"reason\": \"fraud\", \"services\": [\"*\"], \"ttl_s\": 900}"),
            CLOCK,
            Duration.ofSeconds(60));

    assertThat(pause.requestedBy()).isEqualTo("financial-guardian");
    assertThat(pause.services()).containsExactly("*");
    assertThat(pause.expiresAt()).isEqualTo(NOW.plusSeconds(900));
    assertThat(pause.correlationId()).isNotBlank();
  }

  @Test
  void pausesEverythingForTheDefaultTtlWhenNotToldOtherwise() throws Exception {
    Pause pause =
        CoordinationRequests.pause(
            json("{\"requested_by\": \"ops\"}"), CLOCK, Duration.ofSeconds(60));

    assertThat(pause.services()).containsExactly("*");
    assertThat(pause.ttl()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void refusesAPauseWithoutRequesterOrWithABadTtlOrService() {
    assertThatThrownBy(
            () ->
                CoordinationRequests.pause(json("{\"ttl_s\": 10}"), CLOCK, Duration.ofSeconds(60)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("requested_by");
    assertThatThrownBy(
            () ->
                CoordinationRequests.pause(
                    json("{\"requested_by\": \"x\", \"ttl_s\": 0}"), CLOCK, Duration.ofSeconds(60)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("ttl_s");
    assertThatThrownBy(
            () ->
                CoordinationRequests.pause(
                    json("{\"requested_by\": \"x\", \"ttl_s\": \"900\"}"),
                    CLOCK,
                    Duration.ofSeconds(60)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("ttl_s");
    assertThatThrownBy(
            () ->
                CoordinationRequests.pause(
                    json("{\"requested_by\": \"x\", \"services\": [\"Bad Name\"]}"),
                    CLOCK,
                    Duration.ofSeconds(60)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("services");
    assertThatThrownBy(() -> CoordinationRequests.resume(json("[]")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("JSON object");
  }
}
