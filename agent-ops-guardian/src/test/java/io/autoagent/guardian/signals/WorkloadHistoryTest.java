package io.autoagent.guardian.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WorkloadHistoryTest {

  private static final WorkloadRef APP = WorkloadRef.of("bank", "frontend");
  private static final Instant T0 = Instant.parse("2026-05-26T10:00:00Z");

  @Test
  void keepsTheLastHundredSamples() {
    WorkloadHistory history = new WorkloadHistory(APP);
    for (int i = 0; i < 150; i++) {
      history.append(WorkloadSample.of(T0.plusSeconds(30L * i), i, 10, 2, 2), 1.0);
    }

    assertThat(history.samples()).hasSize(100);
    assertThat(history.samples().get(0).cpuPercent()).isEqualTo(50);
  }

  @Test
  void averagesLoadIntoBucketsAndFillsGapsWithTheLastValue() {
    LoadSeries series = new LoadSeries(Duration.ofMinutes(5), 10);
    series.add(T0, 1.0);
    series.add(T0.plusSeconds(60), 3.0);
    series.add(T0.plusSeconds(15 * 60), 5.0);

    assertThat(series.values()).containsExactly(2.0, 2.0, 2.0);
    assertThat(series.closedUntil()).isEqualTo(T0.plusSeconds(15 * 60));
  }

  @Test
  void survivesAJsonRoundTripForTheKvBucket() throws Exception {
    // given
    WorkloadHistory history = new WorkloadHistory(APP);
    AppSignals app = new AppSignals(120.0, 0.2, 310.0, null, null);
    for (int i = 0; i < 20; i++) {
      history.append(WorkloadSample.of(T0.plusSeconds(60L * i), 40, 30, 3, 3).withApp(app), 1.2);
    }
    ObjectMapper mapper = Json.newMapper();

    // when
    String json = mapper.writeValueAsString(history.snapshot());
    WorkloadHistory restored =
        WorkloadHistory.restore(mapper.readValue(json, WorkloadHistory.Snapshot.class));

    // then
    assertThat(restored.snapshot()).isEqualTo(history.snapshot());
    assertThat(json).contains("\"latency_p95_ms\":310.0");
  }
}
