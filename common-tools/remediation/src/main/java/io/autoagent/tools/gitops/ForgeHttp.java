package io.autoagent.tools.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.llm.Redactor;
import io.autoagent.tools.internal.JsonHttp;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The OkHttp adapter shared by the GitHub and GitLab ports: JSON over HTTP with timeouts and one
 * authentication header, no retries (see {@link PullRequests}), failures mapped by {@link
 * ForgeErrors}. Thread-safe.
 */
final class ForgeHttp implements AutoCloseable {

  private final ObjectMapper mapper = new ObjectMapper();
  private final OkHttpClient client;
  private final Redactor redactor = new Redactor();
  private final ForgeErrors errors;
  private final String baseUrl;
  private final Map<String, String> headers;

  ForgeHttp(ForgeErrors errors, String baseUrl, Map<String, String> headers, Duration timeout) {
    this.errors = errors;
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.headers = Map.copyOf(headers);
    this.client = JsonHttp.oneAttempt(timeout).build();
  }

  ObjectNode object() {
    return mapper.createObjectNode();
  }

  /** {@code encodedPath} is already percent-encoded; query values are encoded here. */
  JsonNode send(String method, String encodedPath, Map<String, String> query, ObjectNode body) {
    HttpUrl.Builder url = HttpUrl.get(baseUrl + encodedPath).newBuilder();
    query.forEach(url::addQueryParameter);
    Request.Builder request =
        new Request.Builder().url(url.build()).header("Accept", "application/json");
    headers.forEach(request::header);
    request.method(method, JsonHttp.redactedJson(body, redactor));
    String what = method + " " + encodedPath;
    try (Response response = client.newCall(request.build()).execute()) {
      String text = response.body().string();
      if (!response.isSuccessful()) {
        throw errors.ofStatus(
            baseUrl, what, response.code(), response.headers().toMultimap(), text);
      }
      return text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new PermanentException(
          errors.forge() + " at " + baseUrl + " answered " + what + " with invalid JSON", e);
    } catch (IOException e) {
      throw new RetriableException(
          errors.forge() + " at " + baseUrl + " could not be reached for " + what + ": " + e, e);
    }
  }

  @Override
  public void close() {
    JsonHttp.release(client);
  }
}
