package io.autoagent.guardian.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.guardian.signals.AppSignals;
import io.autoagent.guardian.signals.WorkloadRef;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusSignalReaderTest {

  private static final String VECTOR =
      """
      {"status":"success","data":{"resultType":"vector","result":[
        {"metric":{},"value":[1748253600.123,"%s"]}]}}""";

  private MockWebServer server;
  private PrometheusSignalReader reader;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    PrometheusClient client =
        new PrometheusClient(
            new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(2)).build(), server.url("/"));
    PrometheusQueries onlyRate =
        new PrometheusQueries(
            "sum(rate(http_requests_total{service=\"{workload}\"}[2m]))", null, null, null, null);
    reader = new PrometheusSignalReader(client, onlyRate, Map.of());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void usesTheWorkloadsOwnRequestRateQueryWithItsPlaceholdersFilledIn() throws Exception {
    // given
    server.enqueue(new MockResponse.Builder().code(200).body(VECTOR.formatted("12.5")).build());

    // when
    AppSignals signals =
        reader.read(
            WorkloadRef.of("shop", "cart"),
            Optional.of("sum(rate(hits_total{ns=\"{namespace}\",app=\"{workload}\"}[1m]))"));

    // then
    RecordedRequest request = server.takeRequest();
    assertThat(request.getUrl().queryParameter("query"))
        .isEqualTo("sum(rate(hits_total{ns=\"shop\",app=\"cart\"}[1m]))");
    assertThat(signals.requestRate()).isEqualTo(12.5);
  }

  @Test
  void usesTheConfiguredQueryWithoutAnAnnotation() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body(VECTOR.formatted("3")).build());

    reader.read(WorkloadRef.of("shop", "cart"), Optional.empty());

    assertThat(server.takeRequest().getUrl().queryParameter("query"))
        .isEqualTo("sum(rate(http_requests_total{service=\"cart\"}[2m]))");
  }
}
