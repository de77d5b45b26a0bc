package io.autoagent.tools.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.llm.Redactor;
import io.autoagent.tools.internal.JsonHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The OkHttp adapter shared by Slack, GitHub and Jira: one attempt per call (the outbox retries),
 * JSON bodies, and the one status-to-exception mapping: 5xx, 429 and I/O are retriable, other
 * statuses permanent. Thread-safe.
 */
final class EscalationHttp implements AutoCloseable {

  private final ObjectMapper mapper = new ObjectMapper();
  private final OkHttpClient client;
  private final Redactor redactor = new Redactor();
  private final String service;
  private final Map<String, String> headers;

  EscalationHttp(String service, Duration timeout, Map<String, String> headers) {
    this.service = service;
    this.headers = Map.copyOf(headers);
    this.client = JsonHttp.oneAttempt(timeout).build();
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /** Sends and returns the parsed answer (an empty object for an empty or non-JSON body). */
  JsonNode send(String method, String url, JsonNode body) {
    return exchange(method, url, body).body();
  }

  /** An answer's parsed body and its headers (GitHub pages through a {@code Link} header). */
  record Answer(JsonNode body, Headers headers) {}

  /**
   * Like {@link #send}, but a 404 answers null instead of throwing: for endpoints some servers
   * lack.
   */
  JsonNode sendOrNullIfNotFound(String method, String url, JsonNode body) {
    Answer answer = exchange(method, url, body, true);
    return answer == null ? null : answer.body();
  }

  /** Like {@link #send}, keeping the answer's headers. */
  Answer exchange(String method, String url, JsonNode body) {
    return exchange(method, url, body, false);
  }

  private Answer exchange(String method, String url, JsonNode body, boolean notFoundIsNull) {
    Request.Builder request = new Request.Builder().url(url).header("Accept", "application/json");
    headers.forEach(request::header);
    request.method(method, JsonHttp.redactedJson(body, redactor));
    String what = method + " " + request.build().url().encodedPath();
    try (Response response = client.newCall(request.build()).execute()) {
      String text = response.body().string();
      int code = response.code();
      if (code == 429 || code >= 500) {
        throw new RetriableException(service + " answered " + code + " to " + what);
      }
      if (code == 404 && notFoundIsNull) {
        return null;
      }
      if (!response.isSuccessful()) {
        throw new PermanentException(
            service + " answered " + code + " to " + what + ": " + abbreviate(text));
      }
      JsonNode json =
          text.isBlank() || !text.strip().matches("(?s)^[\\[{].*")
              ? mapper.createObjectNode()
              : mapper.readTree(text);
      return new Answer(json, response.headers());
    } catch (IOException e) {
      throw new RetriableException(service + " failed for " + what + ": " + e, e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }

  @Override
  public void close() {
    JsonHttp.release(client);
  }
}
