package io.autoagent.tools.remediation.action;

import static io.autoagent.tools.remediation.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.remediation.ArgoCdPort;
import io.autoagent.tools.remediation.EventSink;
import io.autoagent.tools.remediation.Fixtures;
import io.autoagent.tools.remediation.RemediationConfig;
import io.autoagent.tools.remediation.Undo;
import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each action against the fabric8 mock API in CRUD mode, and its undo. */
@EnableKubernetesMockClient(crud = true)
class RemediationActionsTest {

  KubernetesClient client;
  KubernetesMockServer server;
  private final Actions actions = Actions.standard();
  private final List<String> argoCalls = new ArrayList<>();

  @BeforeEach
  void given() {
    Fixtures.healthyWeb(client);
  }

  private ActionContext ctx(boolean dryRun, PolicyLimits limits) {
    return ctx(client, dryRun, limits);
  }

  private ActionContext ctx(KubernetesClient kube, boolean dryRun, PolicyLimits limits) {
    return new ActionContext(
        kube,
        dryRun,
        false,
        Clock.systemUTC(),
        Duration.ofMillis(20),
        argo(),
        EventSink.NOOP,
        limits,
        RemediationConfig.defaults().protectedNamespaces(),
        List::of,
        new Checks(),
        "x-1",
        "x-1-step-1");
  }

  private ActionResult run(String action, boolean dryRun, Object... args) {
    return actions.find(action).orElseThrow().run(ctx(dryRun, PolicyLimits.NONE), Args.of(args));
  }

  /**
   * Runs against a client that does not retry: fabric8 retries a 429 ten times with a backoff that
   * adds up to about 20 s, and a budget that refuses an eviction refuses it every time here.
   */
  private ActionResult runWithoutRetries(String action, Object... args) {
    Config noRetries =
        new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build();
    try (KubernetesClient kube = new KubernetesClientBuilder().withConfig(noRetries).build()) {
      return actions
          .find(action)
          .orElseThrow()
          .run(ctx(kube, false, PolicyLimits.NONE), Args.of(args));
    }
  }

  private ActionResult undo(ActionResult done) {
    Undo u = done.undo();
    return actions
        .find(u.action())
        .orElseThrow()
        .run(ctx(false, PolicyLimits.NONE), new Args(u.args()));
  }

  private Deployment web() {
    return client.apps().deployments().inNamespace(NS).withName("web").get();
  }

  @Test
  void scalesWithinBoundsAndUndoesToThePreviousCount() {
    ActionResult r =
        run(
            "scale_deployment",
            false,
            "namespace",
            NS,
            "name",
            "web",
            "replicas",
            5,
            "max_replicas",
            10);

    assertThat(r.ok()).isTrue();
    assertThat(web().getSpec().getReplicas()).isEqualTo(5);
    assertThat(r.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.field()).isEqualTo("spec.replicas");
              assertThat(c.before()).isEqualTo(2);
              assertThat(c.after()).isEqualTo(5);
            });
    assertThat(undo(r).ok()).isTrue();
    assertThat(web().getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void refusesToScaleAboveThePolicyMaximum() {
    ActionResult r =
        actions
            .find("scale_deployment")
            .orElseThrow()
            .run(
                ctx(false, new PolicyLimits(1, 4, null)),
                Args.of("namespace", NS, "name", "web", "replicas", 8, "max_replicas", 10));

    assertThat(r.ok()).isFalse();
    assertThat(r.error()).contains("outside the allowed 1..4");
    assertThat(web().getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void restartsByStampingThePodTemplate() {
    ActionResult r = run("rollout_restart", false, "namespace", NS, "name", "web");

    assertThat(r.ok()).isTrue();
    assertThat(web().getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("kubectl.kubernetes.io/restartedAt");
    assertThat(r.undo()).as("a restart has nothing to undo").isNull();
  }

  @Test
  void raisesTheMemoryLimitByAPercentageCappedByTheCeilingAndUndoesIt() {
    ActionResult r =
        run(
            "raise_memory_limit",
            false,
            "namespace",
            NS,
            "name",
            "web",
            "container",
            "app",
            "increase_percent",
            100,
            "ceiling",
            "384Mi");

    assertThat(r.ok()).isTrue();
    assertThat(limit()).isEqualTo("384Mi");
    assertThat(r.output()).contains("capped at the ceiling");
    assertThat(undo(r).ok()).isTrue();
    assertThat(limit()).isEqualTo("256Mi");
  }

  @Test
  void refusesToRaiseAMemoryLimitAlreadyAtTheCeiling() {
    ActionResult r =
        run(
            "raise_memory_limit",
            false,
            "namespace",
            NS,
            "name",
            "web",
            "container",
            "app",
            "increase_percent",
            50,
            "ceiling",
            "256Mi");

    assertThat(r.ok()).isFalse();
    assertThat(limit()).isEqualTo("256Mi");
  }

  private String limit() {
    return web()
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .getFirst()
        .getResources()
        .getLimits()
        .get("memory")
        .toString();
  }

  @Test
  void setsAnImageAndUndoesItToThePreviousImage() {
    ActionResult r =
        run(
            "set_image",
            false,
            "namespace",
            NS,
            "name",
            "web",
            "container",
            "app",
            "image",
            "registry/app:2");

    assertThat(image()).isEqualTo("registry/app:2");
    assertThat(r.changes().getFirst().before()).isEqualTo("registry/app:1");
    undo(r);
    assertThat(image()).isEqualTo("registry/app:1");
  }

  private String image() {
    return web().getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
  }

  @Test
  void rollsBackToTheReplicaSetOfARevisionAndUndoesToTheLiveRevision() {
    client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName("web")
        .edit(
            d -> {
              d.getMetadata().setAnnotations(Map.of("deployment.kubernetes.io/revision", "2"));
              return d;
            });
    replicaSet("web-rs1", "1", "registry/app:0");
    replicaSet("web-rs2", "2", "registry/app:1");

    ActionResult r = run("rollback_deployment", false, "namespace", NS, "name", "web");

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(image()).isEqualTo("registry/app:0");
    assertThat(web().getSpec().getTemplate().getMetadata().getLabels())
        .doesNotContainKey("pod-template-hash");
    assertThat(r.undo().args()).containsEntry("to_revision", 2L);
    assertThat(undo(r).ok()).isTrue();
    assertThat(image()).isEqualTo("registry/app:1");
  }

  private void replicaSet(String name, String revision, String image) {
    client
        .apps()
        .replicaSets()
        .inNamespace(NS)
        .resource(
            new ReplicaSetBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations("deployment.kubernetes.io/revision", revision)
                .addToOwnerReferences(
                    new OwnerReferenceBuilder()
                        .withApiVersion("apps/v1")
                        .withKind("Deployment")
                        .withName("web")
                        .withUid("u")
                        .withController(true)
                        .build())
                .endMetadata()
                .withNewSpec()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "web")
                .addToLabels("pod-template-hash", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage(image)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
  }

  @Test
  void cordonsAndUncordonsANode() {
    node("node-a");

    ActionResult r = run("cordon_node", false, "node", "node-a");

    assertThat(client.nodes().withName("node-a").get().getSpec().getUnschedulable()).isTrue();
    assertThat(r.undo().action()).isEqualTo("uncordon_node");
    undo(r);
    assertThat(client.nodes().withName("node-a").get().getSpec().getUnschedulable())
        .isNotEqualTo(Boolean.TRUE);
  }

  private void node(String name) {
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build())
        .create();
  }

  @Test
  void labelsAndUndoesToThePreviousLabels() {
    ActionResult r =
        run(
            "label",
            false,
            "namespace",
            NS,
            "kind",
            "Deployment",
            "name",
            "web",
            "labels",
            Map.of("app", "web2", "remediated", "true"));

    assertThat(web().getMetadata().getLabels())
        .containsEntry("app", "web2")
        .containsEntry("remediated", "true");
    undo(r);
    assertThat(web().getMetadata().getLabels())
        .containsEntry("app", "web")
        .doesNotContainKey("remediated");
  }

  @Test
  void annotatesAndUndoesByRemovingTheNewAnnotation() {
    ActionResult r =
        run(
            "annotate",
            false,
            "namespace",
            NS,
            "kind",
            "Deployment",
            "name",
            "web",
            "annotations",
            Map.of("autoagent.io/note", "remediated"));

    assertThat(web().getMetadata().getAnnotations())
        .containsEntry("autoagent.io/note", "remediated");
    undo(r);
    assertThat(
            web().getMetadata().getAnnotations() == null
                ? Map.of()
                : web().getMetadata().getAnnotations())
        .doesNotContainKey("autoagent.io/note");
  }

  @Test
  void evictsAPodThroughTheEvictionApi() throws Exception {
    // the mock's evict() answers 409: the Eviction API is stubbed, as DEPENDENCIES.md says
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/demo/pods/web-1/eviction")
        .andReturn(201, new StatusBuilder().withCode(201).build())
        .once();

    ActionResult r = run("evict_pod", false, "namespace", NS, "pod", "web-1");

    assertThat(r.ok()).isTrue();
    assertThat(server.getLastRequest().getPath())
        .isEqualTo("/api/v1/namespaces/demo/pods/web-1/eviction");
  }

  @Test
  void stopsWithoutDeletingWhenABudgetRefusesTheEviction() {
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/demo/pods/web-1/eviction")
        .andReturn(429, new StatusBuilder().withCode(429).withReason("TooManyRequests").build())
        .always();

    ActionResult r = runWithoutRetries("delete_pod", "namespace", NS, "pod", "web-1");

    assertThat(r.ok()).isFalse();
    assertThat(r.error()).contains("PodDisruptionBudget refuses");
    assertThat(client.pods().inNamespace(NS).withName("web-1").get()).isNotNull();
  }

  @Test
  void drainSkipsDaemonSetMirrorAndSystemPodsAndEvictsTheRest() {
    node("node-a");
    client.pods().inNamespace(NS).resource(daemonSetPod("agent-ds-1", NS)).create();
    client
        .pods()
        .inNamespace("kube-system")
        .resource(
            new PodBuilder(Fixtures.pod("coredns-1", "coredns", "node-a", true))
                .editMetadata()
                .withNamespace("kube-system")
                .endMetadata()
                .build())
        .create();
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder(Fixtures.pod("mirror-1", "m", "node-a", true))
                .editMetadata()
                .addToAnnotations("kubernetes.io/config.mirror", "x")
                .endMetadata()
                .build())
        .create();
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder(Fixtures.pod("critical-1", "c", "node-a", true))
                .editSpec()
                .withPriorityClassName("system-node-critical")
                .endSpec()
                .build())
        .create();
    for (String p : List.of("web-1", "web-2")) {
      server
          .expect()
          .post()
          .withPath("/api/v1/namespaces/demo/pods/" + p + "/eviction")
          .andReturn(201, new StatusBuilder().withCode(201).build())
          .once();
    }

    ActionResult r = run("drain_node", false, "node", "node-a", "timeout", "1m");

    assertThat(r.ok()).as(r.error()).isTrue();
    assertThat(r.output())
        .contains("evicted [Pod demo/web-1, Pod demo/web-2]")
        .contains("agent-ds-1 (DaemonSet)")
        .contains("coredns-1 (protected namespace)")
        .contains("mirror-1 (mirror pod)")
        .contains("critical-1 (system priority class)");
    assertThat(client.nodes().withName("node-a").get().getSpec().getUnschedulable()).isTrue();
    assertThat(r.undo().action()).isEqualTo("uncordon_node");
  }

  @Test
  void drainStopsAtTheFirstPodABudgetProtects() {
    node("node-a");
    server
        .expect()
        .post()
        .withPath("/api/v1/namespaces/demo/pods/web-1/eviction")
        .andReturn(429, new StatusBuilder().withCode(429).build())
        .always();

    ActionResult r = runWithoutRetries("drain_node", "node", "node-a", "timeout", "1m");

    assertThat(r.ok()).isFalse();
    assertThat(r.error()).contains("web-1").contains("drain stopped after evicting []");
    assertThat(r.undo().action()).as("the cordon is undone on rollback").isEqualTo("uncordon_node");
    assertThat(server.getRequestCount()).isPositive();
  }

  private static Pod daemonSetPod(String name, String ns) {
    return new PodBuilder(Fixtures.pod(name, "agent", "node-a", true))
        .editMetadata()
        .withNamespace(ns)
        .withOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("DaemonSet")
                .withName("agent")
                .withUid("ds")
                .withController(true)
                .build())
        .endMetadata()
        .build();
  }

  @Test
  void syncsAndRollsBackArgoCdApplicationsThroughThePort() {
    ActionResult sync = run("argocd_sync", false, "application", "shop");
    ActionResult back = undo(sync);

    assertThat(sync.ok()).isTrue();
    assertThat(back.ok()).isTrue();
    assertThat(argoCalls)
        .containsExactly("sync shop null false dryRun=false", "rollback shop 7 dryRun=false");
  }

  @Test
  void waitsForAConditionAndFailsAfterItsTimeout() {
    ActionResult ok =
        run(
            "wait_for",
            false,
            "condition",
            "deployment_available",
            "namespace",
            NS,
            "name",
            "web",
            "timeout",
            "1s");
    client
        .pods()
        .inNamespace(NS)
        .withName("web-2")
        .edit(
            p ->
                new PodBuilder(p)
                    .editStatus()
                    .editFirstCondition()
                    .withStatus("False")
                    .endCondition()
                    .endStatus()
                    .build());
    ActionResult late =
        run(
            "wait_for",
            false,
            "condition",
            "pods_ready",
            "namespace",
            NS,
            "name",
            "web",
            "timeout",
            "100ms");

    assertThat(ok.ok()).isTrue();
    assertThat(late.ok()).isFalse();
    assertThat(late.error()).contains("timed out").contains("web-2");
  }

  @Test
  void dryRunsChangeNothing() {
    node("node-a");
    Deployment before = web();
    var nodeBefore = client.nodes().withName("node-a").get();

    List<ActionResult> plans =
        List.of(
            run(
                "scale_deployment",
                true,
                "namespace",
                NS,
                "name",
                "web",
                "replicas",
                5,
                "max_replicas",
                10),
            run("rollout_restart", true, "namespace", NS, "name", "web"),
            run(
                "raise_memory_limit",
                true,
                "namespace",
                NS,
                "name",
                "web",
                "container",
                "app",
                "increase_percent",
                50,
                "ceiling",
                "1Gi"),
            run(
                "set_image",
                true,
                "namespace",
                NS,
                "name",
                "web",
                "container",
                "app",
                "image",
                "registry/app:9"),
            run(
                "label",
                true,
                "namespace",
                NS,
                "kind",
                "Deployment",
                "name",
                "web",
                "labels",
                Map.of("x", "y")),
            run("drain_node", true, "node", "node-a", "timeout", "1m"),
            run("evict_pod", true, "namespace", NS, "pod", "web-1"));

    assertThat(plans).allSatisfy(p -> assertThat(p.ok()).as(p.error()).isTrue());
    assertThat(plans.get(0).changes().getFirst().after()).isEqualTo(5);
    assertThat(plans.get(2).changes().getFirst().after()).isEqualTo("384Mi");
    assertThat(web()).isEqualTo(before);
    assertThat(client.nodes().withName("node-a").get()).isEqualTo(nodeBefore);
    assertThat(client.pods().inNamespace(NS).list().getItems()).hasSize(2);
    assertThat(argoCalls).isEmpty();
  }

  @Test
  void serverSideDryRunSendsDryRunAllAndStoresNothing() throws Exception {
    // the mock ignores dryRun=All and would store the change: answer that request with a stub
    server
        .expect()
        .patch()
        .withPath("/apis/apps/v1/namespaces/demo/deployments/web?dryRun=All")
        .andReturn(200, Fixtures.deployment("web", 5))
        .once();
    ActionContext serverDry =
        new ActionContext(
            client,
            true,
            true,
            Clock.systemUTC(),
            Duration.ofMillis(20),
            argo(),
            EventSink.NOOP,
            PolicyLimits.NONE,
            RemediationConfig.defaults().protectedNamespaces(),
            List::of,
            new Checks(),
            "x",
            "x");

    ActionResult r =
        actions
            .find("scale_deployment")
            .orElseThrow()
            .run(
                serverDry,
                Args.of("namespace", NS, "name", "web", "replicas", 5, "max_replicas", 10));

    assertThat(r.ok()).isTrue();
    assertThat(server.getLastRequest().getPath())
        .isEqualTo("/apis/apps/v1/namespaces/demo/deployments/web?dryRun=All");
    assertThat(web().getSpec().getReplicas()).isEqualTo(2);
  }

  private ArgoCdPort argo() {
    return new ArgoCdPort() {
      @Override
      public String sync(String application, String revision, boolean prune, boolean dryRun) {
        argoCalls.add("sync " + application + " " + revision + " " + prune + " dryRun=" + dryRun);
        return "synced " + application;
      }

      @Override
      public String rollback(String application, long historyId, boolean dryRun) {
        argoCalls.add("rollback " + application + " " + historyId + " dryRun=" + dryRun);
        return "rolled back " + application;
      }

      @Override
      public Optional<AppState> state(String application) {
        return Optional.of(new AppState("OutOfSync", "Degraded", 7L, List.of(5L, 6L, 7L)));
      }
    };
  }
}
