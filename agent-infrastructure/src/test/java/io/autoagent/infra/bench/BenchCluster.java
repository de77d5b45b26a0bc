package io.autoagent.infra.bench;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.app;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;

import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
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
 * {@code pods} pods in Deployments of {@code podsPerDeployment} replicas (each with its previous
 * and current ReplicaSet), {@code deploymentsPerNamespace} Deployments per namespace. One pod in
 * every hundred is crash-looping, each in its own Deployment: those Deployments are the alerted
 * services.
 *
 * <p>The objects are the ones {@link ClusterObjects#app} builds, put straight into the mock's store
 * ({@link StoreCreator}): creating them through the API costs a scan of the store per object. After
 * seeding, {@link #verify} reads them back over HTTP and fails loudly if anything is off.
 * Namespaced reads are served from a per-namespace index ({@link IndexedCrudDispatcher}), as an API
 * server's watch cache serves them, not by a scan of every object.
 */
final class BenchCluster implements AutoCloseable {

  /** An alerted (failing) service. */
  record Service(String namespace, String name) {}

  private final KubernetesMockServer server;
  private final List<Service> failing;
  private final RequestLog requests;

  private BenchCluster(KubernetesMockServer server, List<Service> failing, RequestLog requests) {
    this.server = server;
    this.failing = List.copyOf(failing);
    this.requests = requests;
  }

  /** What the mock API was asked, and how long each answer took inside it. */
  RequestLog requests() {
    return requests;
  }

  /** The cluster's shape: which Deployment goes in which namespace, and which ones fail. */
  record Layout(int pods, int podsPerDeployment, int deploymentsPerNamespace) {

    int deployments() {
      return Math.max(1, pods / podsPerDeployment);
    }

    int namespaces() {
      return (deployments() + deploymentsPerNamespace - 1) / deploymentsPerNamespace;
    }

    int failingCount() {
      return Math.max(1, Math.round(pods / 100f));
    }

    /**
     * Whether Deployment {@code d} fails: spread evenly over all, so they land in many namespaces.
     */
    boolean fails(int d) {
      int stride = Math.max(1, deployments() / failingCount());
      return d % stride == 0 && d / stride < failingCount();
    }

    String namespace(int d) {
      return "team-" + (d / deploymentsPerNamespace);
    }

    int deploymentsIn(int namespaceIndex) {
      return Math.min(
          deploymentsPerNamespace, deployments() - namespaceIndex * deploymentsPerNamespace);
    }

    /**
     * Every object the cluster holds: the node, and per Deployment itself, 2 ReplicaSets, its pods
     * and an event if it fails.
     */
    int objects() {
      return 1 + deployments() * (3 + podsPerDeployment) + failingCount();
    }
  }

  static BenchCluster seed(
      int pods, int podsPerDeployment, int deploymentsPerNamespace, int threads) throws Exception {
    Layout layout = new Layout(pods, podsPerDeployment, deploymentsPerNamespace);
    // Mixed: expectations (the log stubs) first, CRUD otherwise. A plain CRUD dispatcher never sees
    // the expectations and answers log reads with the namespace's pod list.
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesCrudDispatcher crud = new IndexedCrudDispatcher();
    RequestLog requests = new RequestLog();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            responses,
            new MixedDispatcher(responses, crud, requests),
            false);
    server.init();
    try {
      List<Service> failing = new ArrayList<>();
      for (Pod crashing : populate(new StoreCreator(crud), layout, threads)) {
        String ns = crashing.getMetadata().getNamespace();
        String name = crashing.getMetadata().getLabels().get("app");
        failing.add(new Service(ns, name));
        // The mock answers log reads with the pod list: stub the one log read the agent makes.
        server
            .expect()
            .get()
            .withPath(logPath(crashing))
            .andReturn(
                200,
                "2026-11-22T10:00:01Z INFO starting "
                    + name
                    + "\n"
                    + "2026-11-22T10:00:01Z ERROR config: DATABASE_URL is not set\n"
                    + "Exception in thread \"main\" java.lang.IllegalStateException: DATABASE_URL is required\n")
            .always();
      }
      if (crud.getMap().size() != layout.objects()) {
        throw new IllegalStateException(
            "the mock holds "
                + crud.getMap().size()
                + " objects after seeding, expected "
                + layout.objects()
                + " for "
                + layout);
      }
      try (KubernetesClient client = server.createClient()) {
        verify(client, layout, failing);
      }
      // The mock's own share of an informer's first list (no HTTP, no client decoding).
      long start = System.nanoTime();
      long bytes = crud.handleGet("/api/v1/pods").getBody().size();
      System.out.printf(
          "bench: the mock composes the list of all pods (%,d MB) in %.0f ms%n",
          bytes >> 20, (System.nanoTime() - start) / 1e6);
      return new BenchCluster(server, failing, requests);
    } catch (Exception | Error e) {
      server.destroy();
      throw e;
    }
  }

  /**
   * Creates the layout's objects through {@code creator}, {@code threads} Deployments at a time;
   * returns the crash-looping pods, in Deployment order.
   */
  static List<Pod> populate(ClusterObjects.Creator creator, Layout layout, int threads)
      throws Exception {
    creator.create(ClusterObjects.node(ClusterObjects.NODE, ClusterObjects.readyNode()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Pod>> done = new ArrayList<>();
      for (int d = 0; d < layout.deployments(); d++) {
        String ns = layout.namespace(d);
        String name = "svc-" + d;
        boolean fails = layout.fails(d);
        int replicas = layout.podsPerDeployment();
        done.add(
            pool.submit(
                () -> {
                  var app = app(creator, ns, name, fails ? replicas - 1 : replicas);
                  if (!fails) {
                    return null;
                  }
                  Pod crashing = app.addPod("x0", crashLooping(12, 1, "Error"));
                  app.addEvent(
                      crashing,
                      "Warning",
                      "BackOff",
                      "Back-off restarting failed container app in pod "
                          + crashing.getMetadata().getName(),
                      40,
                      ClusterObjects.NOW.minus(1, ChronoUnit.MINUTES));
                  return crashing;
                }));
      }
      List<Pod> crashing = new ArrayList<>();
      for (Future<Pod> f : done) {
        Pod pod = f.get(10, TimeUnit.MINUTES);
        if (pod != null) {
          crashing.add(pod);
        }
      }
      return crashing;
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Reads the seeded cluster back through the fabric8 client over HTTP, as the agent will, and
   * throws {@link IllegalStateException} naming the first thing that is not as seeded: every pod
   * listed, one namespace's Deployments, ReplicaSets and pods in their owner chain, a crash-looping
   * pod's status and event, the node, and the stubbed log read. Prints how long the mock takes for
   * typical reads at this size.
   */
  static void verify(KubernetesClient client, Layout layout, List<Service> failing) {
    check(
        failing.size() == layout.failingCount(),
        "failing services",
        failing.size(),
        layout.failingCount());
    long t0 = System.nanoTime();
    int allPods = client.pods().inAnyNamespace().list().getItems().size();
    long t1 = System.nanoTime();
    check(
        allPods == layout.deployments() * layout.podsPerDeployment(),
        "pods in all namespaces",
        allPods,
        layout.deployments() * layout.podsPerDeployment());
    for (int nsIndex : new int[] {0, layout.namespaces() - 1}) {
      String ns = "team-" + nsIndex;
      int deployments = layout.deploymentsIn(nsIndex);
      checkCount(
          client.apps().deployments().inNamespace(ns).list().getItems(),
          deployments,
          "Deployments in " + ns);
      checkCount(
          client.apps().replicaSets().inNamespace(ns).list().getItems(),
          2 * deployments,
          "ReplicaSets in " + ns);
      checkCount(
          client.pods().inNamespace(ns).list().getItems(),
          deployments * layout.podsPerDeployment(),
          "pods in " + ns);
    }
    Service first = failing.getFirst();
    long t2 = System.nanoTime();
    Deployment d =
        client.apps().deployments().inNamespace(first.namespace()).withName(first.name()).get();
    long t3 = System.nanoTime();
    check(d != null && d.getMetadata().getUid() != null, "Deployment " + first, d, "with a uid");
    List<ReplicaSet> owned =
        client.apps().replicaSets().inNamespace(first.namespace()).list().getItems().stream()
            .filter(rs -> ownedBy(rs, d))
            .toList();
    checkCount(owned, 2, "ReplicaSets owned by " + first);
    ReplicaSet current =
        owned.stream()
            .filter(
                rs -> "2".equals(rs.getMetadata().getAnnotations().get(ClusterObjects.REVISION)))
            .findFirst()
            .orElseThrow(
                () -> new IllegalStateException("no ReplicaSet at revision 2 owned by " + first));
    long t4 = System.nanoTime();
    List<Pod> pods = client.pods().inNamespace(first.namespace()).list().getItems();
    long t5 = System.nanoTime();
    List<Pod> ownedPods = pods.stream().filter(p -> ownedBy(p, current)).toList();
    checkCount(
        ownedPods, layout.podsPerDeployment(), "pods owned by " + current.getMetadata().getName());
    Pod crashing =
        ownedPods.stream()
            .filter(p -> p.getMetadata().getName().endsWith("-x0"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no crash-looping pod in " + first));
    var status = crashing.getStatus().getContainerStatuses().getFirst();
    check(
        status.getState().getWaiting() != null
            && "CrashLoopBackOff".equals(status.getState().getWaiting().getReason())
            && status.getRestartCount() == 12,
        "status of " + crashing.getMetadata().getName(),
        status.getState(),
        "waiting in CrashLoopBackOff after 12 restarts");
    List<Event> events =
        client.v1().events().inNamespace(first.namespace()).list().getItems().stream()
            .filter(e -> crashing.getMetadata().getUid().equals(e.getInvolvedObject().getUid()))
            .toList();
    checkCount(events, 1, "events about " + crashing.getMetadata().getName());
    check(
        "BackOff".equals(events.getFirst().getReason()),
        "event reason",
        events.getFirst().getReason(),
        "BackOff");
    check(
        client.nodes().withName(ClusterObjects.NODE).get() != null,
        "node " + ClusterObjects.NODE,
        null,
        "present");
    // The agent's own log read, through the same client path: the stub must answer it, not CRUD.
    String log =
        client
            .pods()
            .inNamespace(first.namespace())
            .withName(crashing.getMetadata().getName())
            .inContainer("app")
            .terminated()
            .tailingLines(50)
            .getLog();
    if (log == null || log.length() > 4096) {
      throw new IllegalStateException(
          "the log stub is not served: a log read answers "
              + (log == null ? "nothing" : log.length() + " bytes"));
    }
    System.out.printf(
        "bench: mock API at %,d objects: list all %,d pods %.0f ms, GET one Deployment %.1f ms, "
            + "list one namespace's %d pods %.1f ms%n",
        layout.objects(), allPods, (t1 - t0) / 1e6, (t3 - t2) / 1e6, pods.size(), (t5 - t4) / 1e6);
  }

  private static boolean ownedBy(HasMetadata object, HasMetadata owner) {
    return object.getMetadata().getOwnerReferences().stream()
        .anyMatch(
            o ->
                Boolean.TRUE.equals(o.getController())
                    && owner.getMetadata().getUid().equals(o.getUid()));
  }

  private static void checkCount(List<?> items, int expected, String what) {
    check(items.size() == expected, what, items.size(), expected);
  }

  private static void check(boolean ok, String what, Object actual, Object expected) {
    if (!ok) {
      throw new IllegalStateException(
          "seeded cluster is wrong: " + what + " is " + actual + ", expected " + expected);
    }
  }

  private static String logPath(Pod pod) {
    return "/api/v1/namespaces/"
        + pod.getMetadata().getNamespace()
        + "/pods/"
        + pod.getMetadata().getName()
        + "/log?pretty=false&container=app&previous=true&tailLines=50";
  }

  List<Service> failing() {
    return failing;
  }

  /** A kubeconfig pointing at this mock (plain http, no credentials). */
  Path writeKubeconfig(Path dir) throws IOException {
    String url = server.url("/").replaceAll("/$", "");
    String yaml =
        """
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
        """
            .formatted(url);
    Path file = dir.resolve("kubeconfig");
    Files.writeString(file, yaml);
    return file;
  }

  /**
   * Stops the mock. At 50,000 pods its watch senders can still be writing the store's objects to a
   * watch the agent has closed, and fabric8's shutdown then gives up after its timeout: that must
   * not lose the run's results, so it is reported and the run goes on.
   */
  @Override
  public void close() {
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      System.out.println("bench: the mock API did not stop cleanly: " + e.getMessage());
    }
  }
}
