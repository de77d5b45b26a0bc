package io.autoagent.guardian.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Range queries against the Prometheus HTTP API ({@code GET /api/v1/query_range}). Long ranges are
 * fetched in pieces of at most {@link #MAX_POINTS} steps (Prometheus refuses more than 11,000
 * points per series). Every series of a matrix result is summed per timestamp. OkHttp stays inside
 * this class.
 *
 * <p>Failures: {@link RetriableException} when Prometheus is unreachable, times out, answers 429 or
 * 5xx; {@link PermanentException} for other 4xx ({@code bad_data}: a broken expression) and for
 * answers that are not the documented JSON. Thread-safe.
 */
public final class PrometheusRangeClient {

  public static final int MAX_POINTS = 10_000;

  private final OkHttpClient http;
  private final HttpUrl base;
  private final ObjectMapper mapper = new ObjectMapper();

  public PrometheusRangeClient(OkHttpClient http, HttpUrl base) {
    this.http = Objects.requireNonNull(http, "http");
    this.base = Objects.requireNonNull(base, "base");
  }

  /** Sample values by timestamp, summed over series, from {@code start} to {@code end}. */
  public TreeMap<Instant, Double> queryRange(
      String promql, Instant start, Instant end, Duration step) {
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("step must be positive");
    }
    TreeMap<Instant, Double> out = new TreeMap<>();
    Instant from = start;
    while (!from.isAfter(end)) {
      Instant to = from.plus(step.multipliedBy(MAX_POINTS - 1));
      if (to.isAfter(end)) {
        to = end;
      }
      fetch(promql, from, to, step, out);
      from = to.plus(step);
    }
    return out;
  }

  private void fetch(
      String promql, Instant from, Instant to, Duration step, TreeMap<Instant, Double> out) {
    HttpUrl url =
        base.newBuilder()
            .addPathSegments("api/v1/query_range")
            .addQueryParameter("query", promql)
            .addQueryParameter("start", Long.toString(from.getEpochSecond()))
            .addQueryParameter("end", Long.toString(to.getEpochSecond()))
            .addQueryParameter("step", step.toSeconds() + "s")
            .build();
    try (Response response = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
      ResponseBody body = response.body();
      String text = body == null ? "" : body.string();
      if (!response.isSuccessful()) {
        String message = "prometheus answered HTTP " + response.code() + errorDetail(text);
        if (response.code() == 429 || response.code() >= 500) {
          throw new RetriableException(message);
        }
        throw new PermanentException(message);
      }
      parse(text, out);
    } catch (IOException e) {
      throw new RetriableException("prometheus unreachable at " + base + ": " + e.getMessage(), e);
    }
  }

  private void parse(String text, TreeMap<Instant, Double> out) {
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
    if (!"matrix".equals(data.path("resultType").asText())) {
      throw new PermanentException(
          "unsupported prometheus range result type " + data.path("resultType").asText());
    }
    for (JsonNode series : data.path("result")) {
      for (JsonNode point : series.path("values")) {
        if (!point.isArray() || point.size() < 2) {
          throw new PermanentException("prometheus sample is not [time, value]: " + point);
        }
        Instant at = Instant.ofEpochMilli(Math.round(point.get(0).asDouble() * 1000));
        double v;
        try {
          v = Double.parseDouble(point.get(1).asText());
        } catch (NumberFormatException e) {
          throw new PermanentException("prometheus sample is not a number: " + point.get(1), e);
        }
        if (Double.isFinite(v)) {
          out.merge(at, v, Double::sum);
        }
      }
    }
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
}
