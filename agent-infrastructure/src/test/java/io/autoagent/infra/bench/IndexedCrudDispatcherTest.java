package io.autoagent.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.http.MockResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The indexed GET against fabric8's scanning GET, over the same store. */
class IndexedCrudDispatcherTest {

  @Test
  void answersEveryGetAsTheScanningDispatcherDoes() throws Exception {
    // given a seeded store, and fabric8's own dispatcher holding the same objects at the same
    // version
    IndexedCrudDispatcher indexed = new IndexedCrudDispatcher();
    BenchCluster.Layout layout = new BenchCluster.Layout(60, 5, 4);
    BenchCluster.populate(new StoreCreator(indexed), layout, 2);
    KubernetesCrudDispatcher scanning = new KubernetesCrudDispatcher();
    scanning.getMap().putAll(indexed.getMap());
    while (scanning.requestResourceVersion() < layout.objects()) {
      // catch up with the resource version lists carry
    }

    // then every kind of GET the agent and the harness make answers the same code and body
    List<String> paths =
        List.of(
            "/api/v1/namespaces/team-1/pods",
            "/api/v1/namespaces/team-1/pods?labelSelector=app%3Dsvc-5",
            "/api/v1/namespaces/team-1/pods?labelSelector=app%21%3Dsvc-5",
            "/api/v1/namespaces/team-1/pods?fieldSelector=metadata.name%3Dsvc-5-7d9c5b-p1",
            "/api/v1/namespaces/team-1/pods/svc-5-7d9c5b-p1",
            "/api/v1/namespaces/team-1/pods/absent",
            "/api/v1/namespaces/absent/pods",
            "/apis/apps/v1/namespaces/team-2/deployments/svc-9",
            "/apis/apps/v1/namespaces/team-2/deployments?labelSelector=app%3Dsvc-9",
            "/apis/apps/v1/namespaces/team-2/replicasets",
            "/api/v1/namespaces/team-0/events",
            "/apis/metrics.k8s.io/v1beta1/namespaces/team-0/pods",
            "/api/v1/namespaces/team-0/resourcequotas",
            "/api/v1/pods",
            "/api/v1/nodes/" + ClusterObjects.NODE);
    for (String path : paths) {
      MockResponse expected = scanning.handleGet(path);
      MockResponse actual = indexed.handleGet(path);
      assertThat(actual.code()).as(path).isEqualTo(expected.code());
      assertThat(body(actual)).as(path).isEqualTo(body(expected));
    }
    assertThat(body(indexed.handleGet("/api/v1/namespaces/team-1/pods")))
        .contains("svc-5-7d9c5b-p1");
  }

  @Test
  void seesObjectsCreatedAfterAnEarlierGet() {
    // given a GET that built the index
    IndexedCrudDispatcher indexed = new IndexedCrudDispatcher();
    StoreCreator store = new StoreCreator(indexed);
    ClusterObjects.app(store, "ns", "payments", 1);
    assertThat(indexed.handleGet("/apis/apps/v1/namespaces/ns/deployments/cart").code())
        .isEqualTo(404);

    // when another Deployment is created
    ClusterObjects.app(store, "ns", "cart", 1);

    // then it is found
    assertThat(indexed.handleGet("/apis/apps/v1/namespaces/ns/deployments/cart").code())
        .isEqualTo(200);
    assertThat(body(indexed.handleGet("/api/v1/namespaces/ns/pods")))
        .contains("payments-7d9c5b-p0", "cart-7d9c5b-p0");
  }

  @Test
  void aWatchFromAVersionSendsOnlyLaterChangesAsAnApiServerDoes() throws Exception {
    // given a mock holding one pod, served by the bench's dispatcher
    IndexedCrudDispatcher crud = new IndexedCrudDispatcher();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new io.fabric8.mockwebserver.MockWebServer(),
            new HashMap<>(),
            new MixedDispatcher(new HashMap<>(), crud, new RequestLog()),
            false);
    server.init();
    try (KubernetesClient client = server.createClient()) {
      client.pods().inNamespace("ns").resource(pod("before")).create();
      String version = client.pods().inNamespace("ns").list().getMetadata().getResourceVersion();
      List<String> fromVersion = new CopyOnWriteArrayList<>();
      List<String> fromNothing = new CopyOnWriteArrayList<>();

      // when an informer-style watch opens from the list's version, and a plain watch opens
      try (Watch a =
              client
                  .pods()
                  .inNamespace("ns")
                  .watch(
                      new ListOptionsBuilder().withResourceVersion(version).build(),
                      collect(fromVersion));
          Watch b = client.pods().inNamespace("ns").watch(collect(fromNothing))) {
        await().atMost(Duration.ofSeconds(10)).until(() -> fromNothing.contains("ADDED before"));
        client.pods().inNamespace("ns").resource(pod("after")).create();

        // then the watch from the version sees only the pod created after it; the plain one
        // keeps fabric8's behaviour (every stored object first)
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () -> fromVersion.contains("ADDED after") && fromNothing.contains("ADDED after"));
        assertThat(fromVersion).containsExactly("ADDED after");
        assertThat(fromNothing).containsExactly("ADDED before", "ADDED after");
      }
    } finally {
      server.destroy();
    }
  }

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("ns")
        .endMetadata()
        .build();
  }

  private static Watcher<Pod> collect(List<String> seen) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod resource) {
        seen.add(action + " " + resource.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    };
  }

  private static String body(MockResponse response) {
    return response.getBody() == null
        ? null
        : new String(response.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
