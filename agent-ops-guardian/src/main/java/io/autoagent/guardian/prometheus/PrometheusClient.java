package io.autoagent.guardian.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.AgentException;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import java.io.IOException;
import java.util.Objects;
import java.util.OptionalDouble;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Instant queries against the Prometheus HTTP API ({@code GET /api/v1/query}). OkHttp stays inside
 * this class.
 *
 * <p>Failures: {@link RetriableException} when Prometheus is unreachable, times out, answers 429 or
 * 5xx (including its {@code timeout} and {@code unavailable} errors); {@link PermanentException}
 * for other 4xx ({@code bad_data}: a broken expression) and for answers that are not the documented
 * JSON. Thread-safe.
 */
public final class PrometheusClient {

  private final OkHttpClient http;
  private final HttpUrl base;
  private final ObjectMapper mapper = new ObjectMapper();

  public PrometheusClient(OkHttpClient http, HttpUrl base) {
    this.http = Objects.requireNonNull(http, "http");
    this.base = Objects.requireNonNull(base, "base");
  }

  /** The first sample of the result, or empty when the expression matches no series. */
  public OptionalDouble query(String promql) {
    HttpUrl url =
        base.newBuilder()
            .addPathSegments("api/v1/query")
            .addQueryParameter("query", promql)
            .build();
    try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      if (!response.isSuccessful()) {
        throw mapStatus(response.code(), text);
      }
      return parse(text);
    } catch (IOException e) {
      throw new RetriableException("prometheus unreachable: " + e.getMessage(), e);
    }
  }

  private AgentException mapStatus(int code, String text) {
    String detail = errorDetail(text);
    String message = "prometheus answered HTTP " + code + detail;
    if (code == 429 || code >= 500) {
      return new RetriableException(message);
    }
    return new PermanentException(message);
  }

  private String errorDetail(String text) {
    try {
      JsonNode node = mapper.readTree(text);
      if (node != null && "error".equals(node.path("status").asText())) {
        return ": " + node.path("errorType").asText() + ": " + node.path("error").asText();
      }
    } catch (IOException e) {
      // not JSON: an HTML error page from a proxy, say; the status code says enough
    }
    return "";
  }

  private OptionalDouble parse(String text) {
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (IOException e) {
      throw new PermanentException("prometheus answer is not JSON", e);
    }
    if (root == null || !"success".equals(root.path("status").asText())) {
      throw new PermanentException("prometheus query failed" + errorDetail(text));
    }
    JsonNode data = root.path("data");
    String type = data.path("resultType").asText();
    JsonNode value =
        switch (type) {
          case "vector" -> data.path("result").path(0).path("value");
          case "scalar" -> data.path("result");
          default -> throw new PermanentException("unsupported prometheus result type " + type);
        };
    if (value.isMissingNode() || !value.isArray() || value.size() < 2) {
      return OptionalDouble.empty();
    }
    try {
      double v = Double.parseDouble(value.get(1).asText());
      return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      throw new PermanentException("prometheus sample is not a number: " + value.get(1), e);
    }
  }
}
