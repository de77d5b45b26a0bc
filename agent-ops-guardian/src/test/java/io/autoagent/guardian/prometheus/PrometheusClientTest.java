package io.autoagent.guardian.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.guardian.signals.AppSignals;
import io.autoagent.guardian.signals.WorkloadRef;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrometheusClientTest {

  private static final String VECTOR =
      """
      {"status":"success","data":{"resultType":"vector","result":[
        {"metric":{"service":"frontend"},"value":[1748253600.123,"%s"]}]}}""";
  private static final String EMPTY =
      """
      {"status":"success","data":{"resultType":"vector","result":[]}}""";

  private final OkHttpClient http =
      new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(2)).build();
  private MockWebServer server;
  private PrometheusClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    client = new PrometheusClient(http, server.url("/"));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private void answer(int code, String body) {
    server.enqueue(
        new MockResponse.Builder()
            .code(code)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .build());
  }

  @Test
  void readsTheFirstSampleOfAVector() throws InterruptedException {
    answer(200, VECTOR.formatted("42.5"));

    assertThat(client.query("sum(rate(x[2m]))")).hasValue(42.5);
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/query");
    assertThat(request.getUrl().queryParameter("query")).isEqualTo("sum(rate(x[2m]))");
  }

  @Test
  void returnsEmptyWhenNoSeriesMatch() {
    answer(200, EMPTY);

    assertThat(client.query("up")).isEmpty();
  }

  @Test
  void returnsEmptyForNaN() {
    answer(200, VECTOR.formatted("NaN"));

    assertThat(client.query("up")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "400, bad_data, PERMANENT",
    "422, execution, PERMANENT",
    "503, timeout, RETRIABLE",
    "500, internal, RETRIABLE",
    "429, unavailable, RETRIABLE"
  })
  void mapsErrorAnswersByStatus(int code, String errorType, String expected) {
    answer(
        code,
        "{\"status\":\"error\",\"errorType\":\""
            + errorType
            + "\",\"error\":\"parse error at char 5\"}");

    Class<? extends RuntimeException> type =
        expected.equals("RETRIABLE") ? RetriableException.class : PermanentException.class;
    assertThatThrownBy(() -> client.query("sum("))
        .isInstanceOf(type)
        .hasMessageContaining(errorType);
  }

  @Test
  void throwsRetriableWhenUnreachable() {
    HttpUrl closed = server.url("/");
    server.close();
    PrometheusClient unreachable = new PrometheusClient(http, closed);

    assertThatThrownBy(() -> unreachable.query("up"))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("unreachable");
  }

  @Test
  void readerFillsSignalsAndLeavesFailedOnesMissing() {
    // given: rate ok, error rate broken, p95 ok, avg no series
    answer(200, VECTOR.formatted("120"));
    answer(400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"bad\"}");
    answer(200, VECTOR.formatted("310.5"));
    answer(200, EMPTY);
    PrometheusSignalReader reader =
        new PrometheusSignalReader(client, PrometheusQueries.DEFAULTS, Map.of());

    // when
    AppSignals signals = reader.read(WorkloadRef.of("bank", "frontend"));

    // then
    assertThat(signals.requestRate()).isEqualTo(120.0);
    assertThat(signals.errorRatePercent()).isNull();
    assertThat(signals.latencyP95Ms()).isEqualTo(310.5);
    assertThat(signals.latencyAvgMs()).isNull();
    assertThat(signals.queueDepth()).isNull();
  }

  @Test
  void readerExpandsPerWorkloadQueries() throws InterruptedException {
    answer(200, VECTOR.formatted("7"));
    WorkloadRef ref = WorkloadRef.of("jobs", "worker");
    PrometheusQueries queueOnly =
        new PrometheusQueries(
            null,
            null,
            null,
            null,
            "sum(queue_depth{namespace=\"{namespace}\",app=\"{workload}\"})");
    PrometheusSignalReader reader =
        new PrometheusSignalReader(client, PrometheusQueries.DEFAULTS, Map.of(ref, queueOnly));

    AppSignals signals = reader.read(ref);

    assertThat(signals.queueDepth()).isEqualTo(7.0);
    assertThat(server.takeRequest().getUrl().queryParameter("query"))
        .isEqualTo("sum(queue_depth{namespace=\"jobs\",app=\"worker\"})");
  }

  @Test
  void readerDegradesToNoSignalsWhenPrometheusIsDown() {
    server.close();
    PrometheusSignalReader reader =
        new PrometheusSignalReader(
            new PrometheusClient(http, server.url("/")), PrometheusQueries.DEFAULTS, Map.of());

    assertThat(reader.read(WorkloadRef.of("bank", "frontend"))).isEqualTo(AppSignals.NONE);
  }
}
