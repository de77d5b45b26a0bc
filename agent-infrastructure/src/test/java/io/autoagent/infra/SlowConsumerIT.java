package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.core.messaging.Contract;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.EvidenceSource;
import io.autoagent.tools.analysis.SourceReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A burst far larger than the agent's workers, with some analyses outlasting the ack wait: the
 * agent pulls only what it can work on and keeps long work alive with in-progress acks, so the
 * burst drains with no redelivery at all. CI sends 2,000; {@code -Dburst.alerts=20000} is the full
 * drill.
 */
class SlowConsumerIT {

  private static final int ALERTS = Integer.getInteger("burst.alerts", 2000);

  /** Evidence that takes longer than the ack wait for every 250th service. */
  private static final class SlowSource implements EvidenceSource {
    @Override
    public String name() {
      return "kubernetes";
    }

    @Override
    public SourceReport collect(Alert alert) {
      if (alert.service().endsWith("-slow")) {
        try {
          Thread.sleep(Duration.ofSeconds(5)); // simulated slow API, longer than ACK_WAIT_S=3
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return SourceReport.skipped(name(), "simulated");
    }
  }

  @Test
  void drainsABurstWithTwoWorkersAndNoRedelivery() throws Exception {
    try (AgentFixture fixture = new AgentFixture()) {
      Map<String, String> env = fixture.env();
      env.put("WORKERS", "2");
      env.put("ACK_WAIT_S", "3");
      fixture.startAgent(env, List.of(new SlowSource()));

      for (int i = 0; i < ALERTS; i++) {
        String service = i % 250 == 0 ? "svc-" + i + "-slow" : "svc-" + (i % 30);
        fixture
            .client
            .jetStream()
            .publishAsync(
                Contract.SUBJECT_INFRASTRUCTURE,
                new io.nats.client.impl.Headers().put("Nats-Msg-Id", "burst-" + i),
                ("{\"service\": \"" + service + "\", \"namespace\": \"prod\"}").getBytes());
      }

      await()
          .atMost(Duration.ofMinutes(5).plusMillis(ALERTS * 30L))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  fixture
                          .client
                          .jetStreamManagement()
                          .getStreamInfo(Contract.RESPONSES)
                          .getStreamState()
                          .getMsgCount()
                      >= ALERTS);
      fixture.assertWorkQueueDrained(Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE);
      var consumer =
          fixture
              .client
              .jetStreamManagement()
              .getConsumerInfo(Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE);
      Set<String> answered =
          fixture.responses().stream()
              .map(r -> r.path("alert_id").asText())
              .collect(Collectors.toSet());
      System.out.printf(
          "burst: %d alerts, %d answered, %d redelivered%n",
          ALERTS, answered.size(), consumer.getRedelivered());
      assertThat(consumer.getRedelivered()).isZero();
      assertThat(answered).hasSize(ALERTS);
      assertThat(fixture.responses()).hasSize(ALERTS);
    }
  }
}
