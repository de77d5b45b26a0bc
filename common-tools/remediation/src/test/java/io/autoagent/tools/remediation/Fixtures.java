package io.autoagent.tools.remediation;

import io.autoagent.tools.remediation.policy.RemediationPolicy;
import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.RunbookLibrary;
import io.autoagent.tools.runbook.RunbookValidator;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Cluster objects, runbooks, policies and a recording audit sink for the remediation tests. */
public final class Fixtures {

  public static final String NS = "demo";

  private Fixtures() {}

  public static Deployment deployment(String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("registry/app:1")
        .withNewResources()
        .addToLimits("memory", new Quantity("256Mi"))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .withNewStatus()
        .withReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .withAvailableReplicas(replicas)
        .withReadyReplicas(replicas)
        .addNewCondition()
        .withType("Available")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  public static Pod pod(String name, String app, String node, boolean ready) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .addToLabels("app", app)
        .addToOwnerReferences(
            new OwnerReferenceBuilder()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(app + "-rs")
                .withUid("uid-" + app)
                .withController(true)
                .build())
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("app")
        .withImage("registry/app:1")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .endCondition()
        .endStatus()
        .build();
  }

  /** The web Deployment with two Ready pods. */
  public static void healthyWeb(KubernetesClient client) {
    client.apps().deployments().inNamespace(NS).resource(deployment("web", 2)).create();
    client.pods().inNamespace(NS).resource(pod("web-1", "web", "node-a", true)).create();
    client.pods().inNamespace(NS).resource(pod("web-2", "web", "node-a", true)).create();
  }

  public static RemediationPolicy livePolicy() {
    return new RemediationPolicy(
        NS,
        "web-policy",
        Map.of("app", "web"),
        true,
        50,
        new RemediationPolicy.Scale(true, 1, 10),
        Map.of("slackChannel", "#ops"),
        List.of(),
        RemediationPolicy.Mode.LIVE,
        null);
  }

  /** The shipped runbooks and the test runbooks of {@code src/test/resources/remediation}. */
  public static Function<String, Optional<Runbook>> runbooks() {
    RunbookLibrary shipped = RunbookLibrary.fromDirectory(Path.of("../../runbooks"));
    Map<String, Runbook> extra = new HashMap<>();
    for (String file :
        List.of(
            "scale-and-label.yaml",
            "risky-scale.yaml",
            "touch-kube-system.yaml",
            "multi-change.yaml")) {
      Runbook rb = new RunbookValidator().validate(file, resource("remediation/" + file)).runbook();
      extra.put(rb.id(), rb);
    }
    return id -> extra.containsKey(id) ? Optional.of(extra.get(id)) : shipped.find(id);
  }

  public static String resource(String name) {
    try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Unsigned live runs allowed (the signature is tested on its own), short polls, no server dry
   * run.
   */
  public static RemediationConfig config() {
    return RemediationConfig.fromEnv(
            Map.of(
                RemediationConfig.ENV_ALLOW_UNSIGNED,
                "true",
                RemediationConfig.ENV_POD_NAMESPACE,
                "autoagent"))
        .withPollInterval(Duration.ofMillis(20))
        .withServerDryRun(false);
  }

  public static ExecutionRequest request(
      String id, String runbook, boolean dryRun, Map<String, Object> params) {
    return new ExecutionRequest(
        id,
        "c-" + id,
        runbook,
        new ExecutionRequest.Target(NS, "web", null, null),
        params,
        dryRun,
        "orchestrator",
        null,
        null);
  }

  /** Keeps every audit entry, in order. */
  public static final class RecordingAudit implements AuditSink {
    public final List<String> messageIds = new CopyOnWriteArrayList<>();
    public final List<ExecutionReport> results = new CopyOnWriteArrayList<>();
    public final List<StepReport> steps = new CopyOnWriteArrayList<>();
    public final List<Decision> decisions = new CopyOnWriteArrayList<>();
    public final List<Integer> sequences = new CopyOnWriteArrayList<>();
    public final List<ExecutionReport> running = new CopyOnWriteArrayList<>();

    @Override
    public void running(ExecutionReport progress, int sequence) {
      sequences.add(sequence);
      running.add(progress);
    }

    @Override
    public void result(ExecutionReport report, String messageId) {
      messageIds.add(messageId);
      results.add(report);
    }

    @Override
    public void decision(ExecutionRequest request, Decision decision, String messageId) {
      messageIds.add(messageId);
      decisions.add(decision);
    }

    @Override
    public void step(ExecutionRequest request, StepReport step, String messageId) {
      messageIds.add(messageId);
      steps.add(step);
    }

    public List<String> ids() {
      return new ArrayList<>(messageIds);
    }
  }
}
