package io.autoagent.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.testing.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopologyIT {

  private static NatsTestServer server;
  private static Connection connection;

  @BeforeAll
  static void start() throws Exception {
    server = NatsTestServer.start();
    connection = Nats.connect(server.url());
  }

  @AfterAll
  static void stop() throws Exception {
    connection.close();
    server.close();
  }

  @Test
  void keepsTheOtherSubjectsOfAnExistingStreamAndAddsItsOwn() throws Exception {
    // given: an operator's AGENT_TASKS that captures other agents' subjects
    JetStreamManagement jsm = connection.jetStreamManagement();
    if (jsm.getStreamNames().contains(Contract.AGENT_TASKS)) {
      jsm.deleteStream(Contract.AGENT_TASKS);
    }
    jsm.addStream(
        StreamConfiguration.builder()
            .name(Contract.AGENT_TASKS)
            .subjects("security_agent", "ops_guardian")
            .retentionPolicy(RetentionPolicy.WorkQueue)
            .maxMessages(5000)
            .build());

    // when
    Topology.ensure(jsm, Contract.streams());
    Topology.ensure(jsm, Contract.streams());

    // then
    StreamConfiguration tasks = jsm.getStreamInfo(Contract.AGENT_TASKS).getConfiguration();
    assertThat(tasks.getSubjects())
        .containsExactly("security_agent", "ops_guardian", "infrastructure_agent");
    assertThat(tasks.getMaxMsgs()).isEqualTo(5000);
    assertThat(tasks.getRetentionPolicy()).isEqualTo(RetentionPolicy.WorkQueue);
  }

  @Test
  void createsTheMissingStreamsAsTheContractDeclaresThem() throws Exception {
    JetStreamManagement jsm = connection.jetStreamManagement();

    Topology.ensure(jsm, Contract.streams());

    StreamInfo responses = jsm.getStreamInfo(Contract.RESPONSES);
    assertThat(responses.getConfiguration().getSubjects()).containsExactly("orchestrator_response");
    assertThat(responses.getConfiguration().getRetentionPolicy()).isEqualTo(RetentionPolicy.Limits);
    assertThat(responses.getConfiguration().getMaxAge()).isEqualTo(Duration.ofDays(7));
    assertThat(responses.getConfiguration().getDuplicateWindow())
        .isEqualTo(Contract.DUPLICATE_WINDOW);
    assertThat(jsm.getStreamInfo(Contract.AGENT_DATA).getConfiguration().getSubjects())
        .containsExactly("deployments.>", "runbook.execution.>", "agent.events.>");
    assertThat(
            jsm.getStreamInfo(Contract.RUNBOOK_EXECUTIONS).getConfiguration().getRetentionPolicy())
        .isEqualTo(RetentionPolicy.WorkQueue);
  }
}
