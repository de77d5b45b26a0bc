package io.autoagent.guardian;

import static io.autoagent.guardian.GuardianFixture.forService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.guardian.events.DecisionOutcome;
import io.autoagent.guardian.loop.CycleReport;
import io.autoagent.guardian.signals.WorkloadRef;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two Guardians on one cluster: a Kubernetes Lease lets one act, and the other take over. */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionIT {

  static KubernetesClient client;
  private GuardianFixture fixture;

  @BeforeEach
  void start() throws Exception {
    fixture = new GuardianFixture(client);
  }

  @AfterEach
  void stop() throws Exception {
    fixture.close();
  }

  private Map<String, String> elected(String instance) {
    Map<String, String> env = fixture.env(instance);
    env.put("LEADER_ELECTION", "true");
    env.put("LEADER_LEASE_NAMESPACE", "guardian");
    env.put("LEADER_LEASE_DURATION_S", "3");
    return env;
  }

  @Test
  void onlyTheLeaderScalesAndAFollowerTakesOverWhenItStops() throws Exception {
    // given: two replicas standing for the same Lease, and a hot deployment
    fixture.deployment("lead", "api", 2, 450);
    OpsGuardian a = fixture.start(elected("guardian-a"));
    OpsGuardian b = fixture.start(elected("guardian-b"));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> a.leadership().isLeader() || b.leadership().isLeader());
    OpsGuardian leader = a.leadership().isLeader() ? a : b;
    OpsGuardian follower = leader == a ? b : a;
    String leaderId = leader == a ? "guardian-a" : "guardian-b";

    // when: both run a cycle
    CycleReport fromFollower = follower.loop().runCycle(Optional.empty(), null, null);
    CycleReport fromLeader = leader.loop().runCycle(Optional.empty(), null, null);

    // then: only the leader decided and scaled, once
    assertThat(follower.leadership().isLeader()).isFalse();
    assertThat(fromFollower.ran()).isFalse();
    assertThat(fromLeader.verdicts())
        .singleElement()
        .satisfies(v -> assertThat(v.outcome()).isEqualTo(DecisionOutcome.SCALED));
    assertThat(fixture.replicas("lead", "api")).isEqualTo(3);
    assertThat(fixture.events("system_scaling", forService("api"))).hasSize(1);
    Lease lease = client.leases().inNamespace("guardian").withName("ops-guardian").get();
    assertThat(lease.getSpec().getHolderIdentity()).isEqualTo(leaderId);

    // when: the leader stops (releasing the Lease) and another hot deployment appears
    fixture.stop(leader);
    fixture.deployment("lead", "web", 2, 450);

    // then: the follower takes over and acts
    await().atMost(Duration.ofSeconds(20)).until(() -> follower.leadership().isLeader());
    CycleReport afterTakeover =
        follower.loop().runCycle(Optional.of(WorkloadRef.of("lead", "web")), null, null);
    assertThat(afterTakeover.ran()).isTrue();
    assertThat(fixture.replicas("lead", "web")).isEqualTo(3);
  }
}
