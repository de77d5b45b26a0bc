package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.testing.StreamReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Several replicas share the durable consumers: work spreads, every alert is answered once. */
class ScaleOutIT {

  @Test
  void twoInstancesAnswerAThousandAlertsExactlyOnceInTotal() throws Exception {
    try (AgentFixture fixture = new AgentFixture()) {
      // given: two instances of the agent on one stream
      Map<String, String> firstEnv = fixture.env();
      Map<String, String> secondEnv = fixture.env();
      firstEnv.put("HOSTNAME", "replica-a");
      secondEnv.put("HOSTNAME", "replica-b");
      InfrastructureAgent first = fixture.startAgent(firstEnv);
      try (InfrastructureAgent second = InfrastructureAgent.start(InfraConfig.fromEnv(secondEnv))) {
        await().atMost(Duration.ofSeconds(15)).until(second.runtime()::ready);

        // when
        for (int i = 0; i < 1000; i++) {
          fixture
              .client
              .jetStream()
              .publishAsync(
                  Contract.SUBJECT_INFRASTRUCTURE,
                  new io.nats.client.impl.Headers().put("Nats-Msg-Id", "scale-" + i),
                  ("{\"service\": \"svc-" + (i % 50) + "\", \"namespace\": \"prod\"}").getBytes());
        }

        // then: 1,000 answers, one per alert, and both instances did part of the work
        await().atMost(Duration.ofSeconds(120)).until(() -> count(fixture) >= 1000);
        List<StreamReader.Stored> stored =
            StreamReader.readAll(fixture.client, Contract.RESPONSES, null);
        Set<String> ids =
            stored.stream()
                .map(s -> AgentFixture.parse(s.body()).path("alert_id").asText())
                .collect(Collectors.toSet());
        assertThat(stored).hasSize(1000);
        assertThat(ids).hasSize(1000);
        assertThat(processed(first)).isPositive();
        assertThat(processed(second)).isPositive();
        assertThat(processed(first) + processed(second)).isEqualTo(1000);
      }
    }
  }

  private static long count(AgentFixture fixture) throws Exception {
    return fixture
        .client
        .jetStreamManagement()
        .getStreamInfo(Contract.RESPONSES)
        .getStreamState()
        .getMsgCount();
  }

  private static long processed(InfrastructureAgent agent) {
    JsonNode status = agent.runtime().status().current();
    return status.path("counters").path("processed").asLong();
  }
}
