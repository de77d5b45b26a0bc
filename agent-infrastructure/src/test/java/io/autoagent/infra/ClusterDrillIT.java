package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.testing.NatsCluster;
import io.autoagent.tools.analysis.RulesAnalyzer;
import io.autoagent.tools.remediation.policy.InformerPolicySource;
import io.autoagent.tools.remediation.signature.WebhookSignatures;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production drill on a three-node JetStream cluster started by the test: with {@code
 * NATS_STREAM_REPLICAS=3} everything the agent creates is R3; alerts and runbook requests keep
 * flowing while the node leading the executions bucket is killed with its store deleted (and
 * started again empty) and another node crashes and restarts; every alert is answered exactly once
 * (counted by {@code alert_id} in RESPONSES); and a live runbook run delivered again after the node
 * loss, to an agent restarted so that only the executions bucket remembers it, does not run again.
 *
 * <p>Reduced size by default ({@code drill.alerts=300}); the full size is {@code
 * -Ddrill.alerts=10000} (see docs/nats-production.md).
 */
@EnableKubernetesMockClient(crud = true)
class ClusterDrillIT {

  private static final int ALERTS = Integer.getInteger("drill.alerts", 300);

  /** Alerts per second: the load spans about 30 s at the reduced size. */
  private static final int RATE = Integer.getInteger("drill.rate", Math.max(10, ALERTS / 30));

  private static final int RUNBOOK_EVERY = 10;
  private static final String SECRET = "drill-signing-secret";
  private static final String LIVE = "drill-live-1";

  static KubernetesClient client;
  @TempDir Path dir;

  @Test
  void losesAndDuplicatesNothingThroughTheLossOfOneNodeAndTheRestartOfAnother() throws Exception {
    long began = System.nanoTime();
    try (NatsCluster cluster = NatsCluster.start(dir, 3);
        Connection nc = cluster.connect()) {
      // given: a formed cluster, a Deployment a live policy covers, and an agent asking for R3
      await().atMost(Duration.ofSeconds(30)).until(() -> NatsCluster.jetStreamReady(nc));
      givenCheckoutWithALivePolicy();
      Map<String, String> env = env(cluster);
      InfrastructureAgent agent = start(env);

      // then: everything the agent made is R3
      List<String> streams = nc.jetStreamManagement().getStreamNames();
      assertThat(streams)
          .contains(
              Contract.AGENT_TASKS,
              Contract.RUNBOOK_EXECUTIONS,
              Contract.RESPONSES,
              Contract.AGENT_DATA,
              "KV_runbooks",
              "KV_runbook-executions",
              "OBJ_incident-archives",
              "escalation-outbox");
      for (String stream : streams) {
        assertThat(nc.jetStreamManagement().getStreamInfo(stream).getConfiguration().getReplicas())
            .as("replicas of " + stream)
            .isEqualTo(3);
      }

      // when: a live run executes, then load flows through the loss of a node and the restart of
      // another
      byte[] liveBody = runbookRequest(LIVE, false);
      long signedAt = Instant.now().getEpochSecond();
      publishRunbook(nc, LIVE, liveBody, signedAt, "live-first");
      await().atMost(Duration.ofSeconds(60)).until(() -> finalResults(nc, LIVE).size() == 1);
      assertThat(finalResults(nc, LIVE).getFirst().path("status").asText()).isEqualTo("succeeded");
      String versionAfterRun = checkout().getMetadata().getResourceVersion();

      AtomicInteger published = new AtomicInteger();
      Thread load = Thread.ofPlatform().name("drill-load").start(() -> publishLoad(nc, published));
      await().atMost(Duration.ofSeconds(120)).until(() -> published.get() >= ALERTS / 3);
      String victim = NatsCluster.leader(nc, "KV_runbook-executions");
      int lost = cluster.indexOf(victim);
      cluster.killWipeAndRestart(lost);
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> published.get() >= 2 * ALERTS / 3 && allHealthy(nc, streams));
      int restarted = (lost + 1) % 3;
      cluster.crashAndRestart(restarted);
      load.join(TimeUnit.MINUTES.toMillis(30));
      await().atMost(Duration.ofSeconds(90)).until(() -> allHealthy(nc, streams));

      // then: every alert answered exactly once, every runbook request answered
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(2))
          .until(() -> answered(nc).size() == ALERTS);
      Map<String, Long> answers = answered(nc);
      assertThat(answers).hasSize(ALERTS);
      assertThat(answers.values()).allSatisfy(count -> assertThat(count).isEqualTo(1L));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> {
                Map<String, List<JsonNode>> results = finalResults(nc);
                return java.util.stream.IntStream.iterate(
                        0, i -> i < ALERTS, i -> i + RUNBOOK_EVERY)
                    .allMatch(i -> results.containsKey("drill-run-" + i));
              });

      // and: the live run, delivered again after the node loss to an agent that never saw it, is a
      // duplicate
      agent.close();
      agent = start(env);
      publishRunbook(nc, LIVE, liveBody, signedAt, "live-again");
      await().atMost(Duration.ofSeconds(60)).until(() -> finalResults(nc, LIVE).size() == 2);
      assertThat(finalResults(nc, LIVE))
          .extracting(r -> r.path("status").asText())
          .containsExactly("succeeded", "duplicate");
      assertThat(checkout().getSpec().getReplicas()).isEqualTo(3);
      assertThat(checkout().getMetadata().getResourceVersion())
          .as("the live run did not change checkout again")
          .isEqualTo(versionAfterRun);
      agent.close();
      System.out.printf(
          "cluster drill: %d alerts answered exactly once, %d runbook requests answered, node %s lost "
              + "(store deleted), node %s restarted, live run executed once; %d s%n",
          ALERTS,
          ALERTS / RUNBOOK_EVERY,
          victim,
          NatsCluster.name(restarted),
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
    }
  }

  private Map<String, String> env(NatsCluster cluster) {
    Map<String, String> env = new HashMap<>();
    env.put("NATS_URL", cluster.urls());
    env.put("NATS_STREAM_REPLICAS", "3");
    env.put("HEALTH_PORT", "0");
    env.put("HOSTNAME", "drill");
    env.put("RUNBOOK_DIR", "../runbooks");
    env.put("ACK_WAIT_S", "5");
    env.put("SECRET_KEY", SECRET);
    env.put("REMEDIATION_SERVER_DRY_RUN", "false");
    env.put("REMEDIATION_RATE_LIMIT_PER_HOUR", "100000");
    return env;
  }

  private static InfrastructureAgent start(Map<String, String> env) throws Exception {
    InfraConfig config = InfraConfig.fromEnv(env);
    InfrastructureAgent agent =
        InfrastructureAgent.start(
            config,
            client,
            List.of(new SkippedSource("kubernetes", "the drill measures NATS, not evidence")),
            new RulesAnalyzer(),
            Clock.systemUTC());
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> agent.runtime().ready() && agent.policiesSynced());
    return agent;
  }

  private static void givenCheckoutWithALivePolicy() {
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("checkout")
                .withNamespace("shop")
                .addToLabels("app", "checkout")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withNewSelector()
                .addToMatchLabels("app", "checkout")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "checkout")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("shop/checkout:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withReplicas(2)
                .withUpdatedReplicas(2)
                .withAvailableReplicas(2)
                .endStatus()
                .build())
        .create();
    // the mock runs no controller: the status already counts the replica the scale adds
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("checkout")
        .editStatus(
            d -> {
              d.getStatus().setAvailableReplicas(5);
              return d;
            });
    for (String pod : List.of("checkout-1", "checkout-2", "checkout-3")) {
      client
          .pods()
          .inNamespace("shop")
          .resource(
              new io.fabric8.kubernetes.api.model.PodBuilder()
                  .withNewMetadata()
                  .withName(pod)
                  .withNamespace("shop")
                  .addToLabels("app", "checkout")
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("app")
                  .withImage("shop/checkout:1")
                  .endContainer()
                  .endSpec()
                  .withNewStatus()
                  .addNewCondition()
                  .withType("Ready")
                  .withStatus("True")
                  .endCondition()
                  .endStatus()
                  .build())
          .create();
    }
    client
        .genericKubernetesResources(InformerPolicySource.CONTEXT)
        .inNamespace("shop")
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("autoagent.io/v1alpha1")
                .withKind("AutoRemediationPolicy")
                .withNewMetadata()
                .withName("checkout-live")
                .withNamespace("shop")
                .endMetadata()
                .addToAdditionalProperties(
                    "spec",
                    Map.of(
                        "targetSelector",
                        Map.of("matchLabels", Map.of("app", "checkout")),
                        "mode",
                        "live",
                        "actions",
                        Map.of(
                            "scale", Map.of("enabled", true, "minReplicas", 1, "maxReplicas", 10))))
                .build())
        .create();
  }

  private static io.fabric8.kubernetes.api.model.apps.Deployment checkout() {
    return client.apps().deployments().inNamespace("shop").withName("checkout").get();
  }

  private static byte[] runbookRequest(String executionId, boolean dryRun) {
    return ("""
        {"execution_id": "%s", "correlation_id": "c-%s", "runbook_id": "scale-deployment",
         "target": {"namespace": "shop", "service": "checkout"},
         "parameters": {"current_replicas": 2, "target_replicas": 3, "max_replicas": 5},
         "dry_run": %s, "requested_by": "drill"}
        """)
        .formatted(executionId, executionId, dryRun)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void publishRunbook(
      Connection nc, String id, byte[] body, long signedAt, String msgId) {
    Headers headers = new Headers().put("Nats-Msg-Id", msgId);
    headers.put("webhook-id", id);
    headers.put("webhook-timestamp", Long.toString(signedAt));
    headers.put("webhook-signature", WebhookSignatures.sign(SECRET, id, signedAt, body));
    publish(nc, Contract.SUBJECT_RUNBOOK_EXECUTE, headers, body);
  }

  /** Alerts at {@link #RATE} per second, a dry-run runbook request every {@link #RUNBOOK_EVERY}. */
  private static void publishLoad(Connection nc, AtomicInteger published) {
    long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
    long next = System.nanoTime();
    for (int i = 0; i < ALERTS; i++) {
      String alert =
          "{\"alert_id\": \"drill-"
              + i
              + "\", \"service\": \"svc-"
              + (i % 20)
              + "\", \"namespace\": \"drill\", \"severity\": \"medium\"}";
      publish(
          nc,
          Contract.SUBJECT_INFRASTRUCTURE,
          new Headers().put("Nats-Msg-Id", "drill-alert-" + i),
          alert.getBytes(StandardCharsets.UTF_8));
      if (i % RUNBOOK_EVERY == 0) {
        publish(
            nc,
            Contract.SUBJECT_RUNBOOK_EXECUTE,
            new Headers().put("Nats-Msg-Id", "drill-run-" + i),
            runbookRequest("drill-run-" + i, true));
      }
      published.incrementAndGet();
      next += interval;
      LockSupport.parkNanos(Math.max(0, next - System.nanoTime()));
    }
  }

  /**
   * Publishes until the stream acknowledges, retrying with the same message id through node loss.
   */
  private static void publish(Connection nc, String subject, Headers headers, byte[] body) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      try {
        nc.jetStream().publish(subject, headers, body);
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not publish to " + subject + " for 2 minutes", e);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
      }
    }
  }

  private static boolean allHealthy(Connection nc, List<String> streams) {
    return streams.stream().allMatch(s -> NatsCluster.streamHealthy(nc, s, 3));
  }

  /** How many answers RESPONSES holds per drill alert id. */
  private static Map<String, Long> answered(Connection nc) throws Exception {
    Map<String, Long> counts = new HashMap<>();
    for (JsonNode r : read(nc, Contract.RESPONSES, Contract.SUBJECT_RESPONSE)) {
      String id = r.path("alert_id").asText();
      if (id.startsWith("drill-")) {
        counts.merge(id, 1L, Long::sum);
      }
    }
    return counts;
  }

  /** The final results of one execution stored in AGENT_DATA, in order. */
  private static List<JsonNode> finalResults(Connection nc, String executionId) throws Exception {
    return finalResults(nc).getOrDefault(executionId, List.of());
  }

  /** Every final runbook result stored in AGENT_DATA, by execution id, in order. */
  private static Map<String, List<JsonNode>> finalResults(Connection nc) throws Exception {
    Map<String, List<JsonNode>> results = new HashMap<>();
    for (JsonNode r : read(nc, Contract.AGENT_DATA, Contract.SUBJECT_RUNBOOK_RESULT)) {
      if (r.path("type").asText().equals("runbook_execution_result")
          && !r.path("status").asText().equals("running")) {
        results
            .computeIfAbsent(r.path("execution_id").asText(), k -> new java.util.ArrayList<>())
            .add(r);
      }
    }
    return results;
  }

  /**
   * Every message of one subject a stream holds now, read with an ordered consumer (fast at
   * 10,000).
   */
  private static List<JsonNode> read(Connection nc, String stream, String subject)
      throws Exception {
    var state =
        nc.jetStreamManagement()
            .getStreamInfo(stream, io.nats.client.api.StreamInfoOptions.filterSubjects(subject))
            .getStreamState();
    long stored =
        state.getSubjects() == null
            ? state.getMsgCount()
            : state.getSubjects().stream()
                .filter(x -> x.getName().equals(subject))
                .mapToLong(x -> x.getCount())
                .sum();
    List<JsonNode> out = new java.util.ArrayList<>();
    JetStreamSubscription sub =
        nc.jetStream()
            .subscribe(
                subject, PushSubscribeOptions.builder().stream(stream).ordered(true).build());
    try {
      while (out.size() < stored) {
        Message m = sub.nextMessage(Duration.ofSeconds(5));
        if (m == null) {
          break;
        }
        out.add(AgentFixture.parse(new String(m.getData(), StandardCharsets.UTF_8)));
      }
    } finally {
      sub.unsubscribe();
    }
    return out;
  }
}
