package io.autoagent.infra.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.core.testing.NatsTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backlog gauges against a real nats-server. */
class ConsumerLagMetricsIT {

  @Test
  void reportsTheDurablesBacklogAndNanWhileTheConsumerIsMissing() throws Exception {
    try (NatsTestServer server = NatsTestServer.start();
        Connection nc = Nats.connect(server.url())) {
      // given a work-queue stream with 3 messages and a durable that has not pulled any
      JetStreamManagement jsm = nc.jetStreamManagement();
      jsm.addStream(StreamConfiguration.builder().name("LAG").subjects("lag.>").build());
      for (int i = 0; i < 3; i++) {
        nc.jetStream().publish("lag.in", new byte[] {1});
      }
      SimpleMeterRegistry registry = new SimpleMeterRegistry();

      // when
      try (ConsumerLagMetrics lag =
          ConsumerLagMetrics.start(
              nc,
              registry,
              List.of(
                  new ConsumerLagMetrics.Durable("LAG", "worker"),
                  new ConsumerLagMetrics.Durable("LAG", "missing")),
              Duration.ofMillis(100))) {
        jsm.addOrUpdateConsumer(
            "LAG",
            ConsumerConfiguration.builder()
                .durable("worker")
                .ackPolicy(AckPolicy.Explicit)
                .build());

        // then
        await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () ->
                    assertThat(
                            registry
                                .get(ConsumerLagMetrics.PENDING)
                                .tags("consumer", "worker")
                                .gauge()
                                .value())
                        .isEqualTo(3.0));
        assertThat(
                registry
                    .get(ConsumerLagMetrics.ACK_PENDING)
                    .tags("consumer", "worker")
                    .gauge()
                    .value())
            .isZero();
        assertThat(
                registry
                    .get(ConsumerLagMetrics.PENDING)
                    .tags("consumer", "missing")
                    .gauge()
                    .value())
            .isNaN();
      }
    }
  }
}
