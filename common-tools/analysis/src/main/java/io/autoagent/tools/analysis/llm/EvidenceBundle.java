package io.autoagent.tools.analysis.llm;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * What is sent to the LLM about one incident, already bounded, redacted and (optionally) masked:
 * the alert, the rules' verdict, source statuses, the workload's state, findings with their
 * evidence lines (trimmed log lines and events), structured changes and the candidate runbooks.
 * Mutable only while {@link BundleBuilder} trims it; then serialized once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
final class EvidenceBundle {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  public Map<String, Object> alert;
  public Map<String, Object> rulesVerdict;
  public Map<String, String> sources;
  public Map<String, Object> workload;
  public List<FindingEntry> findings = new ArrayList<>();
  public List<Map<String, Object>> changes = new ArrayList<>();
  public List<Map<String, Object>> candidateRunbooks = new ArrayList<>();

  /** Set when evidence was dropped to fit the token limit, so the model knows it is partial. */
  public Boolean trimmed;

  /** One finding; {@code evidence} holds the quoted fields, events and log lines. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record FindingEntry(
      String category,
      String severity,
      String resource,
      String message,
      Map<String, String> attributes,
      List<String> evidence) {}

  String json() {
    try {
      return MAPPER.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("evidence bundle cannot be serialized", e);
    }
  }

  /** Rough token count (about four characters a token for English and JSON). */
  static int estimateTokens(String text) {
    return (text.length() + 3) / 4;
  }

  /** SHA-256 of the serialized bundle: the cache key. */
  static String hash(String json) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(json.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
