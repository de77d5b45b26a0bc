package io.autoagent.tools.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.llm.JsonRedaction;
import io.autoagent.core.llm.Redactor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;

/**
 * The OkHttp pieces every JSON adapter of the tools shares (Argo CD, the GitHub and GitLab forges,
 * Slack and the trackers), so that they time out, retry and redact alike. Only those adapters use
 * it (package {@code internal}: not an API of the evidence module).
 */
public final class JsonHttp {

  public static final MediaType JSON_TYPE = MediaType.get("application/json");

  private JsonHttp() {}

  /**
   * A client that tries each call once (the caller, or an outbox, retries): {@code timeout} to
   * connect, read and write, twice that for the whole call.
   */
  public static OkHttpClient.Builder oneAttempt(Duration timeout) {
    return new OkHttpClient.Builder()
        .connectTimeout(timeout)
        .readTimeout(timeout)
        .writeTimeout(timeout)
        .callTimeout(timeout.multipliedBy(2))
        .retryOnConnectionFailure(false);
  }

  /**
   * {@code body} as a JSON request body, redacted on the way out like every publication; null (no
   * body) for null.
   */
  public static RequestBody redactedJson(JsonNode body, Redactor redactor) {
    return body == null
        ? null
        : RequestBody.create(
            JsonRedaction.redact(body.toString().getBytes(StandardCharsets.UTF_8), redactor),
            JSON_TYPE);
  }

  /** Stops the client's dispatcher threads and drops its pooled connections. */
  public static void release(OkHttpClient client) {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
