package io.autoagent.infra.bench;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;

import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's Kubernetes API: the fabric8 mock server (CRUD) in this process, seeded with
 * {@code pods} pods in Deployments of {@code podsPerDeployment} replicas (each with its previous and
 * current ReplicaSet), {@code deploymentsPerNamespace} Deployments per namespace. One pod in every
 * hundred is crash-looping, each in its own Deployment: those Deployments are the alerted services.
 */
final class BenchCluster implements AutoCloseable {

  /** An alerted (failing) service. */
  record Service(String namespace, String name) {}

  private final KubernetesMockServer server;
  private final List<Service> failing;

  private BenchCluster(KubernetesMockServer server, List<Service> failing) {
    this.server = server;
    this.failing = List.copyOf(failing);
  }

  static BenchCluster seed(int pods, int podsPerDeployment, int deploymentsPerNamespace, int threads)
      throws Exception {
    // Mixed: expectations (the log stubs) first, CRUD otherwise. A plain CRUD dispatcher never sees
    // the expectations and answers log reads with the namespace's pod list.
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(
        new Context(), new MockWebServer(), responses, new KubernetesMixedDispatcher(responses), false);
    server.init();
    int deployments = Math.max(1, pods / podsPerDeployment);
    int failingCount = Math.max(1, Math.round(pods / 100f));
    // Spread the failing Deployments evenly over all of them, so they land in many namespaces.
    int stride = Math.max(1, deployments / failingCount);
    List<Service> failing = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (KubernetesClient client = server.createClient()) {
      client.resource(ClusterObjects.node(ClusterObjects.NODE, ClusterObjects.readyNode())).create();
      List<Future<?>> done = new ArrayList<>();
      for (int d = 0; d < deployments; d++) {
        String ns = "team-" + (d / deploymentsPerNamespace);
        String name = "svc-" + d;
        boolean fails = d % stride == 0 && failing.size() < failingCount;
        if (fails) {
          failing.add(new Service(ns, name));
        }
        done.add(pool.submit(() -> {
          var app = app(client, ns, name, fails ? podsPerDeployment - 1 : podsPerDeployment);
          if (fails) {
            Pod crashing = app.addPod("x0", crashLooping(12, 1, "Error"));
            app.addEvent(crashing, "Warning", "BackOff", "Back-off restarting failed container app in pod "
                + crashing.getMetadata().getName(), 40, ClusterObjects.NOW.minus(1, ChronoUnit.MINUTES));
            // The mock answers log reads with the pod list: stub the one log read the agent makes.
            server.expect().get().withPath(logPath(crashing))
                .andReturn(200, "2026-11-22T10:00:01Z INFO starting " + name + "\n"
                    + "2026-11-22T10:00:01Z ERROR config: DATABASE_URL is not set\n"
                    + "Exception in thread \"main\" java.lang.IllegalStateException: DATABASE_URL is required\n")
                .always();
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(10, TimeUnit.MINUTES);
      }
      // The agent's own log read, through the same client path: the stub must answer it, not CRUD.
      Service first = failing.getFirst();
      String log = client.pods().inNamespace(first.namespace()).withName(first.name() + "-7d9c5b-x0")
          .inContainer("app").terminated().tailingLines(50).getLog();
      if (log == null || log.length() > 4096) {
        throw new IllegalStateException("the log stub is not served: a log read answers "
            + (log == null ? "nothing" : log.length() + " bytes"));
      }
    } finally {
      pool.shutdownNow();
    }
    return new BenchCluster(server, failing);
  }

  private static String logPath(Pod pod) {
    return "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName()
        + "/log?pretty=false&container=app&previous=true&tailLines=50";
  }

  List<Service> failing() {
    return failing;
  }

  /** A kubeconfig pointing at this mock (plain http, no credentials). */
  Path writeKubeconfig(Path dir) throws IOException {
    String url = server.url("/").replaceAll("/$", "");
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: bench
          cluster: {server: "%s"}
        contexts:
        - name: bench
          context: {cluster: bench, user: bench, namespace: default}
        current-context: bench
        users:
        - name: bench
          user: {}
        """.formatted(url);
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, yaml);
    return file;
  }

  @Override
  public void close() {
    server.destroy();
  }
}
