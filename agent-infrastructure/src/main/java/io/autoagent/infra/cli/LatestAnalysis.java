package io.autoagent.infra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.messaging.Contract;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest analysis of a workload, read back from the {@code RESPONSES} stream (newest first),
 * and the parameters it resolved for a runbook.
 *
 * @param alertId the analysed alert
 * @param at when the analysis was published
 * @param recommended whether it recommended the runbook asked about
 * @param parameters that recommendation's parameters, as text (empty when none)
 */
record LatestAnalysis(
    String alertId, Instant at, boolean recommended, Map<String, String> parameters) {

  /** How many messages back the search goes before giving up. */
  static final int MAX_SCAN = 5_000;

  private static final int NO_MESSAGE_FOUND = 10037;

  LatestAnalysis {
    parameters = Map.copyOf(parameters);
  }

  /** The newest analysis of {@code namespace/service}, if the stream still holds one. */
  static Optional<LatestAnalysis> find(
      JetStreamManagement jsm,
      ObjectMapper mapper,
      String namespace,
      String service,
      String runbookId)
      throws IOException, JetStreamApiException {
    long last;
    long first;
    try {
      var state = jsm.getStreamInfo(Contract.RESPONSES).getStreamState();
      last = state.getLastSequence();
      first = state.getFirstSequence();
    } catch (JetStreamApiException e) {
      return Optional.empty(); // no RESPONSES stream: no agent has answered here yet
    }
    for (long seq = last; seq >= Math.max(first, 1) && seq > last - MAX_SCAN; seq--) {
      MessageInfo message;
      try {
        message = jsm.getMessage(Contract.RESPONSES, seq);
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
          continue; // deleted or expired
        }
        throw e;
      }
      JsonNode analysis = parse(mapper, message.getData());
      if (analysis != null
          && "infrastructure_analysis".equals(analysis.path("type").asText())
          && namespace.equals(analysis.path("namespace").asText())
          && service.equals(analysis.path("service").asText())) {
        Instant at =
            message.getTime().toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return Optional.of(of(analysis, at, runbookId));
      }
    }
    return Optional.empty();
  }

  static LatestAnalysis of(JsonNode analysis, Instant at, String runbookId) {
    for (JsonNode r : analysis.path("recommendations")) {
      if (runbookId.equals(r.path("runbook_id").asText())) {
        Map<String, String> parameters = new LinkedHashMap<>();
        r.path("parameters")
            .properties()
            .forEach(
                e ->
                    parameters.put(
                        e.getKey(),
                        e.getValue().isValueNode()
                            ? e.getValue().asText()
                            : e.getValue().toString()));
        return new LatestAnalysis(analysis.path("alert_id").asText(), at, true, parameters);
      }
    }
    return new LatestAnalysis(analysis.path("alert_id").asText(), at, false, Map.of());
  }

  private static JsonNode parse(ObjectMapper mapper, byte[] data) {
    try {
      return mapper.readTree(data);
    } catch (IOException e) {
      return null;
    }
  }
}
