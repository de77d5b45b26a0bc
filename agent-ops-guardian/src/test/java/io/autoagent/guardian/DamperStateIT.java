package io.autoagent.guardian;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.json.Json;
import io.autoagent.core.testing.NatsTestServer;
import io.autoagent.guardian.advisor.GuardedAdvisor;
import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.decision.Damper;
import io.autoagent.guardian.decision.Decision;
import io.autoagent.guardian.decision.Mode;
import io.autoagent.guardian.decision.ScalingEngine;
import io.autoagent.guardian.decision.WorkloadPolicy;
import io.autoagent.guardian.forecast.AdaptiveForecaster;
import io.autoagent.guardian.history.KvHistoryStore;
import io.autoagent.guardian.signals.Observation;
import io.autoagent.guardian.signals.WorkloadRef;
import io.autoagent.guardian.signals.WorkloadSample;
import io.autoagent.guardian.signals.WorkloadStatus;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Damper memory kept in the history bucket of a real JetStream, read back by a new leader. */
class DamperStateIT {

  private static NatsTestServer server;
  private static final WorkloadRef CART = WorkloadRef.of("damper", "cart.v2");
  private static final Instant T0 = Instant.parse("2026-05-26T22:00:00Z");

  @BeforeAll
  static void start() {
    server = NatsTestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ScalingEngine engine(Instant now) {
    GuardianConfig config =
        GuardianConfig.defaults()
            .withDefaultPolicy(WorkloadPolicy.DEFAULTS.withMode(Mode.AGGRESSIVE));
    return new ScalingEngine(
        config,
        Clock.fixed(now, ZoneOffset.UTC),
        AdaptiveForecaster.daily(5),
        GuardedAdvisor.none());
  }

  private static Observation observe(Instant now, double cpu, int replicas) {
    return new Observation(
        CART, WorkloadSample.of(now, cpu, 20, replicas, replicas), WorkloadStatus.HEALTHY);
  }

  @Test
  void aNewLeaderKeepsTheWindowsAndCooldownsOfTheOldOne() throws Exception {
    try (Connection nats = Nats.connect(server.url())) {
      // given the old leader scaled up and saved its damper state
      KvHistoryStore oldStore = new KvHistoryStore(nats, "damper-it", Json.newMapper());
      ScalingEngine old = engine(T0);
      Decision up = old.decide(observe(T0, 95, 3));
      assertThat(up.isAction()).isTrue();
      old.applied(CART, up);
      oldStore.saveDamper(CART, old.damperState(CART).orElseThrow());

      // when a new leader with its own store takes over 90 s later, the load having dropped
      Instant later = T0.plusSeconds(90);
      KvHistoryStore newStore = new KvHistoryStore(nats, "damper-it", Json.newMapper());
      Damper.State loaded = newStore.loadDamper(CART).orElseThrow();
      ScalingEngine restored = engine(later);
      restored.restoreDamper(CART, loaded);
      Decision afterRestore = restored.decide(observe(later, 10, up.toReplicas()));
      Decision forgetful = engine(later).decide(observe(later, 10, up.toReplicas()));

      // then: the restored one waits (its scale-down window still holds the old leader's
      // recommendation, and the cooldown runs); one without the state would scale at once
      assertThat(loaded).isEqualTo(old.damperState(CART).orElseThrow());
      assertThat(loaded.lastChange()).isEqualTo(T0);
      assertThat(afterRestore.kind()).isEqualTo(Decision.Kind.DEFERRED);
      assertThat(afterRestore.reason()).containsAnyOf("stabilization window", "cooldown");
      assertThat(forgetful.kind()).isEqualTo(Decision.Kind.SCALE);
      assertThat(nats.keyValue("damper-it").get(KvHistoryStore.damperKey(CART))).isNotNull();
      assertThat(KvHistoryStore.damperKey(CART)).isEqualTo("damper.cart.v2=damper");
    }
  }

  @Test
  void aWorkloadWithoutSavedStateLoadsNothing() throws Exception {
    try (Connection nats = Nats.connect(server.url())) {
      KvHistoryStore store = new KvHistoryStore(nats, "damper-it-empty", Json.newMapper());

      assertThat(store.loadDamper(WorkloadRef.of("damper", "none"))).isEmpty();
    }
  }
}
