package io.autoagent.guardian.advisor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.llm.LlmClient;
import io.autoagent.core.llm.LlmConfig;
import io.autoagent.core.llm.LlmReply;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ScalingAdvisor} backed by the shared LLM layer: Gemini ({@code GEMINI_API_KEY}) as
 * documented, or any provider {@link LlmClient} supports. It sends the workload's replicas and
 * bounds, current metrics, time context, forecast and recent history, asks for {@code
 * {target_replicas, confidence, reason}} as structured JSON, and parses the answer defensively.
 *
 * <p>An answer that is not that JSON, or lacks a number, comes back as {@link Advice} with the
 * missing fields null, for {@link AdviceValidator} to reject; nothing here clamps. Provider
 * failures ({@link io.autoagent.core.RetriableException} for timeouts, 5xx, 429 or an open circuit;
 * {@link io.autoagent.core.PermanentException} for auth and other 4xx) propagate, and {@link
 * GuardedAdvisor} lets the rules decide. Thread-safe when the client is; blocks for at most the
 * client's timeout.
 */
public final class GeminiScalingAdvisor implements ScalingAdvisor {

  private static final Logger log = LoggerFactory.getLogger(GeminiScalingAdvisor.class);
  private static final Advice MALFORMED = new Advice(null, null, null);

  private final LlmClient client;
  private final ObjectMapper mapper;
  private final boolean anonymize;
  private final int maxOutputTokens;

  /**
   * @param client the shared LLM client; the caller owns and closes it
   * @param config its configuration: {@code LLM_ANONYMIZE} and {@code LLM_MAX_OUTPUT_TOKENS} apply
   */
  public GeminiScalingAdvisor(LlmClient client, LlmConfig config, ObjectMapper mapper) {
    this.client = Objects.requireNonNull(client, "client");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    this.anonymize = config.anonymize();
    this.maxOutputTokens = config.maxOutputTokens();
  }

  @Override
  public Optional<Advice> advise(AdvisorRequest request) {
    if (!client.enabled()) {
      return Optional.empty();
    }
    String workload = anonymize ? AdvisorPrompts.MASK : request.workload().toString();
    LlmReply reply = client.chat(AdvisorPrompts.prompt(mapper, request, workload, maxOutputTokens));
    log.debug(
        "{} advised on {} ({} + {} tokens)",
        client.provider(),
        request.workload(),
        reply.inputTokens(),
        reply.outputTokens());
    Advice advice = parse(mapper, reply.text());
    if (anonymize && advice.reasoning() != null) {
      advice =
          new Advice(
              advice.targetReplicas(),
              advice.confidence(),
              advice.reasoning().replace(AdvisorPrompts.MASK, request.workload().toString()));
    }
    return Optional.of(advice);
  }

  /**
   * The answer's fields, each null when missing or not a finite number; an answer that is no JSON
   * object at all yields all nulls. Tolerates code fences and prose around the object, and numbers
   * sent as strings.
   */
  static Advice parse(ObjectMapper mapper, String text) {
    int start = text.indexOf('{');
    int end = text.lastIndexOf('}');
    if (start < 0 || end < start) {
      return MALFORMED;
    }
    JsonNode node;
    try {
      node = mapper.readTree(text.substring(start, end + 1));
    } catch (JsonProcessingException e) {
      return MALFORMED;
    }
    if (node == null || !node.isObject()) {
      return MALFORMED;
    }
    Double target = number(node.get(AdvisorPrompts.TARGET));
    JsonNode reason = node.get(AdvisorPrompts.REASON);
    return new Advice(
        target == null
            ? null
            : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.round(target))),
        number(node.get(AdvisorPrompts.CONFIDENCE)),
        reason != null && reason.isTextual() ? reason.asText().strip() : null);
  }

  private static Double number(JsonNode node) {
    double value;
    if (node == null) {
      return null;
    } else if (node.isNumber()) {
      value = node.asDouble();
    } else if (node.isTextual()) {
      try {
        value = Double.parseDouble(node.asText().strip());
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return Double.isFinite(value) ? value : null;
  }
}
