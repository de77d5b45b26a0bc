package io.autoagent.tools.remediation;

import static io.autoagent.tools.remediation.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.remediation.action.ActionContext;
import io.autoagent.tools.remediation.action.ActionResult;
import io.autoagent.tools.remediation.action.Actions;
import io.autoagent.tools.remediation.action.Args;
import io.autoagent.tools.remediation.action.RemediationAction;
import io.autoagent.tools.remediation.policy.PolicySource;
import io.autoagent.tools.remediation.policy.RemediationPolicy;
import io.autoagent.tools.remediation.store.ExecutionStore;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Contract 1.1's safety rules as properties over generated requests and policies, asserted on what
 * reached the (mock) API server: a refused live run makes no write call at all, and a run failing
 * at any step leaves every object as the agent read it before the run, whatever the request's
 * parameters claim.
 */
@EnableKubernetesMockClient(crud = true)
class RefusalPropertyTest {

  private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final long SEED = 20261207L;

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void aRefusedLiveRunMakesNoWriteCall() throws Exception {
    Random random = new Random(SEED);
    var runbooks = Fixtures.runbooks(); // read-only definitions: loaded once, not once a case
    int refused = 0;
    for (int i = 0; i < 40; i++) {
      String name = "svc-r" + i;
      int running = 1 + random.nextInt(5);
      client
          .apps()
          .deployments()
          .inNamespace(NS)
          .resource(Fixtures.deployment(name, running))
          .create();
      int min = 1 + random.nextInt(4);
      int max = min + random.nextInt(4);
      int wanted = random.nextInt(12);
      boolean allowed = random.nextInt(4) != 0;
      boolean live = random.nextInt(5) != 0;
      String namespace = random.nextInt(8) == 0 ? "kube-system" : NS;
      boolean missing = random.nextInt(8) == 0;
      RemediationPolicy policy =
          new RemediationPolicy(
              NS,
              "p-" + name,
              Map.of("app", name),
              true,
              50,
              new RemediationPolicy.Scale(true, min, max),
              Map.of(),
              allowed ? List.of() : List.of("restart-crashlooping-pods"),
              live ? RemediationPolicy.Mode.LIVE : RemediationPolicy.Mode.DRY_RUN,
              null);
      ExecutionStore store = ExecutionStore.inMemory();
      RemediationEngine engine =
          RemediationEngine.builder()
              .client(client)
              .runbooks(runbooks)
              .policies(PolicySource.of(List.of(policy)))
              .store(store)
              .config(Fixtures.config())
              .build();
      // hostile parameters: a stale current count the requester chose, a target out of bounds
      Map<String, Object> params =
          new HashMap<>(Map.of("replicas", wanted, "current_replicas", 7 + random.nextInt(5)));
      ExecutionRequest req =
          new ExecutionRequest(
              "x-" + i,
              "c-" + i,
              "multi-change",
              new ExecutionRequest.Target(namespace, missing ? name + "-gone" : name, null, null),
              params,
              false,
              "orchestrator",
              null,
              null);
      Deployment before = client.apps().deployments().inNamespace(NS).withName(name).get();
      drain();

      ExecutionReport report = engine.submit(req, Trust.SIGNED, "s:" + i);

      List<String> writes = drain();
      String label =
          "case "
              + i
              + " (seed "
              + SEED
              + "): "
              + req
              + " policy "
              + min
              + ".."
              + max
              + " allowed="
              + allowed
              + " live="
              + live
              + " -> "
              + report.status()
              + " "
              + report.error();
      boolean shouldRefuse =
          !allowed
              || !live
              || namespace.equals("kube-system")
              || missing
              || wanted < min
              || wanted > max;
      if (shouldRefuse) {
        refused++;
        assertThat(report.status()).as(label).isEqualTo(ExecutionStatus.REJECTED);
        assertThat(report.error().code())
            .as(label)
            .isIn(
                ExecutionError.POLICY_DENIED,
                ExecutionError.NOT_FOUND,
                ExecutionError.FORBIDDEN_NAMESPACE);
        assertThat(writes).as(label).isEmpty();
        assertThat(client.apps().deployments().inNamespace(NS).withName(name).get().getSpec())
            .as(label)
            .isEqualTo(before.getSpec());
      } else {
        assertThat(report.status())
            .as(label)
            .isIn(ExecutionStatus.SUCCEEDED, ExecutionStatus.ROLLED_BACK);
      }
    }
    assertThat(refused).as("the generator must produce refusals").isGreaterThan(10);
  }

  @Test
  void aRunFailingAtAnyStepLeavesTheObjectsAsTheAgentReadThem() throws Exception {
    Random random = new Random(SEED + 1);
    var runbooks = Fixtures.runbooks(); // read-only definitions: loaded once, not once a case
    for (int failAt = 1; failAt <= 5; failAt++) {
      for (int k = 0; k < 3; k++) {
        String name = "svc-f" + failAt + "-" + k;
        int running = 1 + random.nextInt(4);
        client
            .apps()
            .deployments()
            .inNamespace(NS)
            .resource(Fixtures.deployment(name, running))
            .create();
        client
            .pods()
            .inNamespace(NS)
            .resource(
                new PodBuilder(Fixtures.pod(name + "-1", name, "node-a", failAt != 5)).build())
            .create();
        RemediationPolicy policy =
            new RemediationPolicy(
                NS,
                "p-" + name,
                Map.of("app", name),
                true,
                50,
                new RemediationPolicy.Scale(true, 1, 10),
                Map.of(),
                List.of(),
                RemediationPolicy.Mode.LIVE,
                null);
        AtomicInteger liveCalls = new AtomicInteger();
        int failing = failAt;
        Actions actions = Actions.standard();
        for (String action :
            List.of("scale_deployment", "label", "set_memory_limit", "set_image")) {
          actions =
              actions.with(failingLive(actions.find(action).orElseThrow(), liveCalls, failing));
        }
        RemediationEngine engine =
            RemediationEngine.builder()
                .client(client)
                .runbooks(runbooks)
                .policies(PolicySource.of(List.of(policy)))
                .store(ExecutionStore.inMemory())
                .actions(actions)
                .config(Fixtures.config())
                .build();
        int wanted = running + 1 + random.nextInt(4);
        ExecutionRequest req =
            new ExecutionRequest(
                "f-" + name,
                "c",
                "multi-change",
                new ExecutionRequest.Target(NS, name, null, null),
                Map.of(
                    "replicas",
                    wanted,
                    "current_replicas",
                    9,
                    "limit",
                    "1Gi",
                    "image",
                    "evil/app:666"),
                false,
                "orchestrator",
                null,
                null);
        Deployment before = client.apps().deployments().inNamespace(NS).withName(name).get();

        ExecutionReport report = engine.submit(req, Trust.SIGNED, "s:" + name);

        Deployment after = client.apps().deployments().inNamespace(NS).withName(name).get();
        String label =
            name + " failing at step " + failAt + " -> " + report.status() + " " + report.error();
        assertThat(report.status())
            .as(label)
            .isIn(ExecutionStatus.ROLLED_BACK, ExecutionStatus.FAILED);
        if (failAt == 1) {
          assertThat(report.status())
              .as(label + ": nothing changed, nothing to roll back")
              .isEqualTo(ExecutionStatus.FAILED);
        } else {
          assertThat(report.status()).as(label).isEqualTo(ExecutionStatus.ROLLED_BACK);
        }
        assertThat(after.getSpec().getReplicas())
            .as(label)
            .isEqualTo(before.getSpec().getReplicas());
        assertThat(after.getSpec().getTemplate().getSpec().getContainers())
            .as(label)
            .isEqualTo(before.getSpec().getTemplate().getSpec().getContainers());
        assertThat(after.getMetadata().getLabels())
            .as(label)
            .isEqualTo(before.getMetadata().getLabels());
      }
    }
  }

  @Test
  void aRunThatWroteNothingCountsAgainstNoRateLimit() {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .resource(Fixtures.deployment("svc-rate", 2))
        .create();
    RemediationPolicy policy =
        new RemediationPolicy(
            NS,
            "p-rate",
            Map.of("app", "svc-rate"),
            true,
            50,
            new RemediationPolicy.Scale(true, 1, 4),
            Map.of(),
            List.of(),
            RemediationPolicy.Mode.LIVE,
            null);
    ExecutionStore store = ExecutionStore.inMemory();
    RemediationEngine engine =
        RemediationEngine.builder()
            .client(client)
            .runbooks(Fixtures.runbooks())
            .policies(PolicySource.of(List.of(policy)))
            .store(store)
            .config(Fixtures.config())
            .build();

    for (int i = 0; i < 5; i++) {
      ExecutionReport refused =
          engine.submit(
              new ExecutionRequest(
                  "rate-" + i,
                  "c",
                  "multi-change",
                  new ExecutionRequest.Target(NS, "svc-rate", null, null),
                  Map.of("replicas", 9),
                  false,
                  "o",
                  null,
                  null),
              Trust.SIGNED,
              "s:" + i);
      assertThat(refused.status()).isEqualTo(ExecutionStatus.REJECTED);
    }

    assertThat(store.admit("demo/svc-rate", Instant.now(), Duration.ofHours(1), 1))
        .as("five refusals left the whole rate window free")
        .isTrue();
  }

  /**
   * Fails the live call of the {@code failAt}-th write step; dry runs and other calls go through.
   */
  private static RemediationAction failingLive(
      RemediationAction real, AtomicInteger calls, int failAt) {
    return new RemediationAction() {
      @Override
      public String name() {
        return real.name();
      }

      @Override
      public ActionResult run(ActionContext ctx, Args args) {
        if (!ctx.dryRun()
            && ctx.stepKey().contains("-step-")
            && calls.incrementAndGet() == failAt) {
          return ActionResult.failed(
              "injected failure of a live call (the API server answered 500)");
        }
        return real.run(ctx, args);
      }
    };
  }

  /** The write calls the API server received since the last drain, as "METHOD path". */
  private List<String> drain() throws InterruptedException {
    List<String> writes = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      if (WRITES.contains(r.getMethod())) {
        writes.add(r.getMethod() + " " + r.getPath());
      }
    }
    return writes;
  }
}
