package io.autoagent.tools.kube.sandbox;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cluster objects shaped as {@code kubectl get -o yaml} shows them: a Deployment with its current
 * and previous ReplicaSet, pods, nodes and events, created through a (sandbox or test) API or, for
 * the benchmark, straight into a mock API's store (see {@link Creator}).
 *
 * <p>For the local sandbox, the evaluation scenarios and tests only: production code never creates
 * or simulates cluster objects.
 */
public final class ClusterObjects {

  public static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  public static final String NODE = "node-1";

  /** The annotation holding a Deployment's or ReplicaSet's revision. */
  public static final String REVISION = "deployment.kubernetes.io/revision";

  private ClusterObjects() {}

  public static String ts(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public static Alert alert(String namespace, String service, Severity severity) {
    return new Alert(
        "a-" + UUID.randomUUID(),
        "c-1",
        service,
        namespace,
        severity,
        null,
        null,
        null,
        null,
        NOW.minus(5, ChronoUnit.MINUTES),
        null,
        null);
  }

  public static Alert alert(String namespace, String service) {
    return alert(namespace, service, Severity.HIGH);
  }

  public static PodTemplateSpec template(String app, String image) {
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Map.of("app", app))
        .endMetadata()
        .withNewSpec()
        .addToContainers(
            new ContainerBuilder()
                .withName("app")
                .withImage(image)
                .withNewResources()
                .withRequests(Map.of("cpu", new Quantity("100m"), "memory", new Quantity("256Mi")))
                .withLimits(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("512Mi")))
                .endResources()
                .withNewReadinessProbe()
                .withNewHttpGet()
                .withPath("/ready")
                .withNewPort(8080)
                .endHttpGet()
                .endReadinessProbe()
                .build())
        .endSpec()
        .build();
  }

  /**
   * A fully rolled-out Deployment at revision 2 ({@code app:v2}); revision 1 ran {@code app:v1}.
   */
  public static App app(KubernetesClient client, String ns, String name, int replicas) {
    if (client.nodes().withName(NODE).get() == null) {
      client.resource(node(NODE, readyNode())).create();
    }
    return app(Creator.of(client), ns, name, replicas);
  }

  /**
   * The same objects as {@link #app(KubernetesClient, String, String, int)}, created by {@code
   * creator}; the pods name node {@link #NODE}, which the caller creates.
   */
  public static App app(Creator creator, String ns, String name, int replicas) {
    return app(creator, ns, name, replicas, "5f6d7c", "7d9c5b", i -> "p" + i);
  }

  /**
   * The same objects named as a real cluster names them: each ReplicaSet gets a 10-character {@code
   * pod-template-hash} and each pod a 5-character suffix, both from the alphabet Kubernetes uses
   * for them and derived from the names, so a demo reads like {@code checkout-6c8b9d4f7b-x7k2p}.
   */
  public static App realisticApp(KubernetesClient client, String ns, String name, int replicas) {
    if (client.nodes().withName(NODE).get() == null) {
      client.resource(node(NODE, readyNode())).create();
    }
    return app(
        Creator.of(client),
        ns,
        name,
        replicas,
        safeName(name + "/1", 10),
        safeName(name + "/2", 10),
        i -> safeName(name + "/pod/" + i, 5));
  }

  /**
   * {@code length} characters of Kubernetes' {@code SafeEncodeString} alphabet (no vowels, no
   * look-alike digits), derived from {@code seed}: what {@code pod-template-hash} values and pod
   * name suffixes look like.
   */
  public static String safeName(String seed, int length) {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    long h = 0xcbf29ce484222325L; // FNV-1a, like the pod-template-hash
    for (byte b : seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt((int) Long.remainderUnsigned(h, alphabet.length())));
      h = Long.divideUnsigned(h, alphabet.length()) ^ (h * 31 + i);
    }
    return out.toString();
  }

  private static App app(
      Creator creator,
      String ns,
      String name,
      int replicas,
      String previousHash,
      String currentHash,
      java.util.function.IntFunction<String> podSuffix) {
    Deployment d = creator.create(deployment(ns, name, replicas));
    ReplicaSet old =
        creator.create(
            replicaSet(d, previousHash, "1", "registry.example.com/" + name + ":v1", 0, 0));
    ReplicaSet current =
        creator.create(
            replicaSet(
                d, currentHash, "2", "registry.example.com/" + name + ":v2", replicas, replicas));
    App app = new App(creator, d, old, current, new ArrayList<>());
    for (int i = 0; i < replicas; i++) {
      app.pods().add(creator.create(pod(current, podSuffix.apply(i), runningReady())));
    }
    return app;
  }

  /** A Deployment at revision 2 ({@code app:v2}) whose {@code replicas} pods are all ready. */
  public static Deployment deployment(String ns, String name, int replicas) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(ns)
        .withGeneration(2L)
        .withLabels(Map.of("app", name))
        .withAnnotations(Map.of(REVISION, "2"))
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withRevisionHistoryLimit(10)
        .withProgressDeadlineSeconds(600)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withTemplate(template(name, "registry.example.com/" + name + ":v2"))
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(2L)
        .withReplicas(replicas)
        .withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .withConditions(
            new DeploymentConditionBuilder()
                .withType("Available")
                .withStatus("True")
                .withReason("MinimumReplicasAvailable")
                .withMessage("Deployment has minimum availability.")
                .withLastUpdateTime(ts(NOW.minus(2, ChronoUnit.HOURS)))
                .withLastTransitionTime(ts(NOW.minus(2, ChronoUnit.HOURS)))
                .build(),
            new DeploymentConditionBuilder()
                .withType("Progressing")
                .withStatus("True")
                .withReason("NewReplicaSetAvailable")
                .withMessage("ReplicaSet \"" + name + "-7d9c5b\" has successfully progressed.")
                .withLastUpdateTime(ts(NOW.minus(2, ChronoUnit.HOURS)))
                .withLastTransitionTime(ts(NOW.minus(3, ChronoUnit.HOURS)))
                .build())
        .endStatus()
        .build();
  }

  public static ReplicaSet replicaSet(
      Deployment d, String hash, String revision, String image, int replicas, int ready) {
    String name = d.getMetadata().getName();
    PodTemplateSpec template = template(name, image);
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName(name + "-" + hash)
        .withNamespace(d.getMetadata().getNamespace())
        .withLabels(Map.of("app", name, "pod-template-hash", hash))
        .withAnnotations(
            Map.of(REVISION, revision, "deployment.kubernetes.io/desired-replicas", "" + replicas))
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(name)
        .withUid(d.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name, "pod-template-hash", hash))
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .withNewStatus()
        .withReplicas(replicas)
        .withReadyReplicas(ready)
        .withAvailableReplicas(ready)
        .withFullyLabeledReplicas(replicas)
        .withObservedGeneration(1L)
        .endStatus()
        .build();
  }

  public static Pod pod(ReplicaSet rs, String suffix, List<ContainerStatus> statuses) {
    String image = rs.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();
    boolean ready = statuses.stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));
    statuses.forEach(s -> s.setImage(image));
    String podName = rs.getMetadata().getName() + "-" + suffix;
    statuses.stream()
        .filter(
            s ->
                s.getState() != null
                    && s.getState().getWaiting() != null
                    && s.getState().getWaiting().getMessage() != null)
        .forEach(
            s ->
                s.getState()
                    .getWaiting()
                    .setMessage(
                        s.getState()
                            .getWaiting()
                            .getMessage()
                            .replace(
                                "pod=x",
                                "pod=" + podName + "_" + rs.getMetadata().getNamespace())));
    // A container that never started leaves the pod Pending, as the kubelet reports it.
    boolean neverStarted =
        statuses.stream()
            .anyMatch(s -> s.getState().getWaiting() != null && s.getRestartCount() == 0);
    return new PodBuilder()
        .withNewMetadata()
        .withName(rs.getMetadata().getName() + "-" + suffix)
        .withNamespace(rs.getMetadata().getNamespace())
        .withLabels(rs.getSpec().getSelector().getMatchLabels())
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("ReplicaSet")
        .withName(rs.getMetadata().getName())
        .withUid(rs.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .endOwnerReference()
        .endMetadata()
        .withSpec(rs.getSpec().getTemplate().getSpec())
        .editSpec()
        .withNodeName(NODE)
        .endSpec()
        .withNewStatus()
        .withPhase(neverStarted ? "Pending" : "Running")
        .withHostIP("10.0.0.11")
        .withPodIP("10.244.1.17")
        .withStartTime(ts(NOW.minus(2, ChronoUnit.HOURS)))
        .withConditions(
            new PodConditionBuilder().withType("Initialized").withStatus("True").build(),
            new PodConditionBuilder()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .withReason(ready ? null : "ContainersNotReady")
                .withMessage(ready ? null : "containers with unready status: [app]")
                .build(),
            new PodConditionBuilder()
                .withType("ContainersReady")
                .withStatus(ready ? "True" : "False")
                .build(),
            new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
        .withContainerStatuses(statuses)
        .endStatus()
        .build();
  }

  public static List<ContainerStatus> runningReady() {
    return List.of(
        new ContainerStatusBuilder()
            .withName("app")
            .withReady(true)
            .withStarted(true)
            .withRestartCount(0)
            .withImageID("registry.example.com/app@sha256:4f1a")
            .withContainerID("containerd://a1")
            .withNewState()
            .withNewRunning()
            .withStartedAt(ts(NOW.minus(2, ChronoUnit.HOURS)))
            .endRunning()
            .endState()
            .build());
  }

  public static List<ContainerStatus> crashLooping(int restarts, int exitCode, String reason) {
    return List.of(
        new ContainerStatusBuilder()
            .withName("app")
            .withReady(false)
            .withStarted(false)
            .withRestartCount(restarts)
            .withImageID("registry.example.com/app@sha256:4f1a")
            .withContainerID("containerd://b2")
            .withNewState()
            .withNewWaiting()
            .withReason("CrashLoopBackOff")
            .withMessage("back-off 5m0s restarting failed container=app pod=x")
            .endWaiting()
            .endState()
            .withNewLastState()
            .withNewTerminated()
            .withExitCode(exitCode)
            .withReason(reason)
            .withStartedAt(ts(NOW.minus(3, ChronoUnit.MINUTES)))
            .withFinishedAt(ts(NOW.minus(2, ChronoUnit.MINUTES)))
            .withContainerID("containerd://b1")
            .endTerminated()
            .endLastState()
            .build());
  }

  public static List<ContainerStatus> waiting(String reason, String message) {
    return List.of(
        new ContainerStatusBuilder()
            .withName("app")
            .withReady(false)
            .withStarted(false)
            .withRestartCount(0)
            .withImageID("")
            .withNewState()
            .withNewWaiting()
            .withReason(reason)
            .withMessage(message)
            .endWaiting()
            .endState()
            .build());
  }

  public static NodeCondition condition(String type, String status, String reason, String message) {
    return new NodeConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastHeartbeatTime(ts(NOW.minus(1, ChronoUnit.MINUTES)))
        .withLastTransitionTime(ts(NOW.minus(10, ChronoUnit.MINUTES)))
        .build();
  }

  public static List<NodeCondition> readyNode() {
    return List.of(
        condition(
            "MemoryPressure",
            "False",
            "KubeletHasSufficientMemory",
            "kubelet has sufficient memory available"),
        condition(
            "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        condition(
            "PIDPressure",
            "False",
            "KubeletHasSufficientPID",
            "kubelet has sufficient PID available"),
        condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"));
  }

  public static Node node(String name, List<NodeCondition> conditions) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("kubernetes.io/hostname", name))
        .endMetadata()
        .withNewSpec()
        .withPodCIDR("10.244.1.0/24")
        .endSpec()
        .withNewStatus()
        .withConditions(conditions)
        .withCapacity(
            Map.of(
                "cpu",
                new Quantity("4"),
                "memory",
                new Quantity("16Gi"),
                "pods",
                new Quantity("110")))
        .withAllocatable(
            Map.of(
                "cpu",
                new Quantity("3800m"),
                "memory",
                new Quantity("15Gi"),
                "pods",
                new Quantity("110")))
        .endStatus()
        .build();
  }

  /** A core/v1 event about an object, as the kubelet or a controller writes it. */
  public static Event event(
      HasMetadata about, String type, String reason, String message, int count, Instant last) {
    String ns = about.getMetadata().getNamespace();
    return new EventBuilder()
        .withNewMetadata()
        .withName(about.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
        .withNamespace(ns == null ? "default" : ns)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(about.getApiVersion())
        .withKind(about.getKind())
        .withName(about.getMetadata().getName())
        .withNamespace(ns)
        .withUid(about.getMetadata().getUid())
        .withFieldPath(about instanceof Pod ? "spec.containers{app}" : null)
        .endInvolvedObject()
        .withType(type)
        .withReason(reason)
        .withMessage(message)
        .withCount(count)
        .withFirstTimestamp(ts(last.minus(count, ChronoUnit.MINUTES)))
        .withLastTimestamp(ts(last))
        .withNewSource()
        .withComponent(about instanceof Pod ? "kubelet" : "controller")
        .withHost(NODE)
        .endSource()
        .withReportingComponent(about instanceof Pod ? "kubelet" : "controller")
        .withReportingInstance(NODE)
        .build();
  }

  /**
   * Where cluster objects are created: an API server through a client, or (the benchmark's seeder)
   * straight into a mock's store. Returns the object as stored, with the uid and timestamps the
   * server assigned.
   */
  public interface Creator {
    <T extends HasMetadata> T create(T object);

    /** Creates through the API ({@code POST}), as {@code kubectl create} does. */
    static Creator of(KubernetesClient client) {
      return new Creator() {
        @Override
        public <T extends HasMetadata> T create(T object) {
          return client.resource(object).create();
        }
      };
    }
  }

  /** The objects of one service created in the mock. */
  public record App(
      Creator creator,
      Deployment deployment,
      ReplicaSet previous,
      ReplicaSet current,
      List<Pod> pods) {

    public Pod addPod(String suffix, List<ContainerStatus> statuses) {
      Pod pod = creator.create(pod(current, suffix, statuses));
      pods.add(pod);
      return pod;
    }

    public Event addEvent(
        HasMetadata about, String type, String reason, String message, int count, Instant last) {
      return creator.create(event(about, type, reason, message, count, last));
    }

    public String ns() {
      return deployment.getMetadata().getNamespace();
    }
  }
}
