package io.autoagent.core.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.MockResponse;

/**
 * Provider answers exactly as the OpenAI chat-completions and Gemini generateContent APIs send
 * them, for MockWebServer. Shared with common-tools tests through agent-core's test jar.
 */
public final class LlmWire {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private LlmWire() {}

  /** {@code POST /chat/completions} 200 with one choice whose content is {@code content}. */
  public static MockResponse openAi(String content, int promptTokens, int completionTokens) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("id", "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT");
    body.put("object", "chat.completion");
    body.put("created", 1767225600);
    body.put("model", "gpt-4.1-mini-2025-04-14");
    ObjectNode choice = body.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    ObjectNode usage = body.putObject("usage");
    usage.put("prompt_tokens", promptTokens);
    usage.put("completion_tokens", completionTokens);
    usage.put("total_tokens", promptTokens + completionTokens);
    body.put("system_fingerprint", "fp_6b68a8204b");
    return json(200, body.toString());
  }

  /** An OpenAI error body with the given status, for example 429 {@code rate_limit_exceeded}. */
  public static MockResponse openAiError(int status, String type, String code) {
    ObjectNode body = MAPPER.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("message", "error " + status);
    error.put("type", type);
    error.putNull("param");
    error.put("code", code);
    return json(status, body.toString());
  }

  /**
   * {@code POST /models/{model}:generateContent} 200 with one candidate whose text is {@code text}.
   */
  public static MockResponse gemini(String text, int promptTokens, int candidateTokens) {
    ObjectNode body = MAPPER.createObjectNode();
    ObjectNode candidate = body.putArray("candidates").addObject();
    ObjectNode content = candidate.putObject("content");
    content.putArray("parts").addObject().put("text", text);
    content.put("role", "model");
    candidate.put("finishReason", "STOP");
    candidate.put("index", 0);
    ObjectNode usage = body.putObject("usageMetadata");
    usage.put("promptTokenCount", promptTokens);
    usage.put("candidatesTokenCount", candidateTokens);
    usage.put("totalTokenCount", promptTokens + candidateTokens);
    body.put("modelVersion", "gemini-2.5-flash");
    body.put("responseId", "mJ2XaOXRAuOvz7IPkq2yoQc");
    return json(200, body.toString());
  }

  /** A Gemini error body ({@code google.rpc.Status}), for example 503 {@code UNAVAILABLE}. */
  public static MockResponse geminiError(int status, String grpcStatus) {
    ObjectNode body = MAPPER.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", status);
    error.put("message", "error " + status);
    error.put("status", grpcStatus);
    return json(status, body.toString());
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
