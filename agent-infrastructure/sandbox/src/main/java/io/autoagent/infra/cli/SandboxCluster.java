package io.autoagent.infra.cli;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.realisticApp;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.waiting;

import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * The local sandbox's Kubernetes API: the fabric8 mock server in CRUD mode, in-process, seeded with
 * a demo namespace of realistic broken workloads. Demo data lives here only; the agent reads it
 * through the same client and code paths as a real cluster.
 */
public final class SandboxCluster implements AutoCloseable {

  /** A seeded service and what the agent should find. */
  public record DemoService(String name, String expected, String story) {}

  public static final String NAMESPACE = "demo";

  public static final List<DemoService> SERVICES =
      List.of(
          new DemoService("checkout", "CRASH_LOOP", "crashes at start-up: DATABASE_URL is missing"),
          new DemoService("payments", "OOM_KILLED", "killed for using more than its 512Mi limit"),
          new DemoService(
              "search", "IMAGE_PULL", "was rolled out with an image tag that was never pushed"),
          new DemoService("reports", "CONFIG_ERROR", "refers to a ConfigMap that is not there"),
          new DemoService("cart", "HEALTHY", "healthy, next to its broken neighbours"));

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private SandboxCluster(KubernetesMockServer server) {
    this.server = server;
    this.client = server.createClient();
  }

  /** Starts the API on a free local port and seeds the demo namespace. */
  public static SandboxCluster start() {
    // Mixed: CRUD for objects, plus the expectations set below for what CRUD cannot serve (logs).
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses),
            false);
    server.init();
    SandboxCluster cluster = new SandboxCluster(server);
    cluster.seed();
    return cluster;
  }

  /** A new client of the sandbox API; the caller closes it. */
  public KubernetesClient newClient() {
    return server.createClient();
  }

  private void seed() {
    var checkout = realisticApp(client, NAMESPACE, "checkout", 1);
    Pod crashing = checkout.addPod("x7k2p", crashLooping(12, 1, "Error"));
    // The mock server cannot serve container logs: answer the one log read the agent makes, dated
    // when the container last started (this run's clock, like every other timestamp of the demo).
    String startedAt = ClusterObjects.NOW.minus(3, ChronoUnit.MINUTES).plusSeconds(1).toString();
    server
        .expect()
        .get()
        .withPath(logPath(crashing))
        .andReturn(
            200,
            startedAt
                + " INFO starting checkout v2\n"
                + startedAt
                + " ERROR config: DATABASE_URL is not set\n"
                + "Exception in thread \"main\" java.lang.IllegalStateException: DATABASE_URL is required\n"
                + "\tat shop.checkout.Config.load(Config.java:41)\n\tat shop.checkout.Main.main(Main.java:12)\n")
        .always();

    realisticApp(client, NAMESPACE, "payments", 1)
        .addPod("m4q9z", crashLooping(5, 137, "OOMKilled"));

    var search = realisticApp(client, NAMESPACE, "search", 1);
    Pod pulling =
        search.addPod(
            "b8d1w",
            waiting(
                "ImagePullBackOff", "Back-off pulling image \"registry.example.com/search:v2\""));
    search.addEvent(
        pulling,
        "Warning",
        "Failed",
        "Failed to pull image \"registry.example.com/search:v2\": rpc error: code = NotFound desc = "
            + "failed to pull and unpack image: registry.example.com/search:v2: not found",
        6,
        ClusterObjects.NOW.minus(1, ChronoUnit.MINUTES));

    var reports = realisticApp(client, NAMESPACE, "reports", 1);
    Pod configless =
        reports.addPod(
            "r2n5c",
            waiting("CreateContainerConfigError", "configmap \"reports-config\" not found"));
    reports.addEvent(
        configless,
        "Warning",
        "Failed",
        "Error: configmap \"reports-config\" not found",
        4,
        ClusterObjects.NOW.minus(2, ChronoUnit.MINUTES));

    realisticApp(client, NAMESPACE, "cart", 2);
  }

  private static String logPath(Pod pod) {
    return "/api/v1/namespaces/"
        + pod.getMetadata().getNamespace()
        + "/pods/"
        + pod.getMetadata().getName()
        + "/log?pretty=false&container=app&previous=true&tailLines=50";
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }
}
