package io.autoagent.tools.remediation;

import static io.autoagent.tools.remediation.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.RetriableException;
import io.autoagent.core.json.Json;
import io.autoagent.core.testing.NatsTestServer;
import io.autoagent.tools.remediation.action.ActionContext;
import io.autoagent.tools.remediation.action.ActionResult;
import io.autoagent.tools.remediation.action.Actions;
import io.autoagent.tools.remediation.action.Args;
import io.autoagent.tools.remediation.action.RemediationAction;
import io.autoagent.tools.remediation.policy.PolicySource;
import io.autoagent.tools.remediation.store.ExecutionRecord;
import io.autoagent.tools.remediation.store.ExecutionStore;
import io.autoagent.tools.remediation.store.KvExecutionStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Idempotency, resumption and the rate limit on a real JetStream key-value bucket. */
@EnableKubernetesMockClient(crud = true)
class RemediationKvIT {

  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static NatsTestServer nats;
  private static Connection nc;

  KubernetesClient client;
  private String bucket;

  @BeforeAll
  static void startNats() throws Exception {
    nats = NatsTestServer.start();
    nc = Nats.connect(nats.url());
  }

  @AfterAll
  static void stopNats() throws Exception {
    nc.close();
    nats.close();
  }

  @BeforeEach
  void given() {
    Fixtures.healthyWeb(client);
    bucket = "runbook-executions-" + BUCKETS.incrementAndGet();
  }

  private ExecutionStore store() {
    return KvExecutionStore.open(nc, bucket, Json.newMapper());
  }

  private RemediationEngine engine(Actions actions) {
    return RemediationEngine.builder()
        .client(client)
        .runbooks(Fixtures.runbooks())
        .policies(PolicySource.of(List.of(Fixtures.livePolicy())))
        .store(store())
        .actions(actions)
        .config(Fixtures.config())
        .build();
  }

  @Test
  void answersAReusedExecutionIdDuplicateAcrossAgentInstances() {
    ExecutionRequest req =
        Fixtures.request("kv-1", "scale-and-label", false, Map.of("replicas", 3));

    ExecutionReport first = engine(Actions.standard()).submit(req, Trust.SIGNED, "s:1");
    ExecutionReport second = engine(Actions.standard()).submit(req, Trust.SIGNED, "s:2");

    assertThat(first.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(second.status()).isEqualTo(ExecutionStatus.DUPLICATE);
    assertThat(store().get("kv-1").orElseThrow().record().status()).isEqualTo("succeeded");
  }

  @Test
  void aRestartInTheMiddleOfAnExecutionDoesNotRepeatCompletedSteps() {
    Counting scale = new Counting(Actions.standard().find("scale_deployment").orElseThrow(), 0);
    Counting label = new Counting(Actions.standard().find("label").orElseThrow(), 1);
    ExecutionRequest req =
        Fixtures.request("kv-2", "scale-and-label", false, Map.of("replicas", 3));

    // when: the agent loses the API during step 2, and the request is redelivered to a new instance
    assertThatThrownBy(
            () ->
                engine(Actions.standard().with(scale).with(label)).submit(req, Trust.SIGNED, "s:7"))
        .isInstanceOf(RetriableException.class);
    ExecutionRecord midway = store().get("kv-2").orElseThrow().record();
    ExecutionReport resumed =
        engine(Actions.standard().with(scale).with(label)).submit(req, Trust.SIGNED, "s:7");

    // then
    assertThat(midway.phase()).isEqualTo(ExecutionRecord.Phase.RUNNING);
    assertThat(midway.steps()).extracting(StepReport::name).containsExactly("scale");
    assertThat(resumed.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(scale.calls.get()).as("step 1 ran once").isEqualTo(1);
    assertThat(label.calls.get()).isEqualTo(2);
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName("web")
                .get()
                .getMetadata()
                .getLabels())
        .containsEntry("remediated", "true");
  }

  @Test
  void theRateLimitHoldsAcrossAgentInstances() {
    for (int i = 1; i <= 3; i++) {
      engine(Actions.standard())
          .submit(
              Fixtures.request("kv-r" + i, "scale-and-label", false, Map.of("replicas", 2 + i)),
              Trust.SIGNED,
              "s:" + i);
    }

    ExecutionReport fourth =
        engine(Actions.standard())
            .submit(
                Fixtures.request("kv-r4", "scale-and-label", false, Map.of("replicas", 7)),
                Trust.SIGNED,
                "s:4");

    assertThat(fourth.status()).isEqualTo(ExecutionStatus.REJECTED);
    assertThat(fourth.error().message()).contains("rate limit");
  }

  /** Counts calls; the first {@code failFirst} calls throw as if the API were unreachable. */
  private static final class Counting implements RemediationAction {
    final AtomicInteger calls = new AtomicInteger();
    private final RemediationAction inner;
    private final int failFirst;

    Counting(RemediationAction inner, int failFirst) {
      this.inner = inner;
      this.failFirst = failFirst;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public ActionResult run(ActionContext ctx, Args args) {
      if (ctx.dryRun()) {
        return inner.run(ctx, args); // the preflight's plan: counted are the live calls
      }
      if (calls.incrementAndGet() <= failFirst) {
        throw new RetriableException("Kubernetes API unreachable");
      }
      return inner.run(ctx, args);
    }
  }
}
