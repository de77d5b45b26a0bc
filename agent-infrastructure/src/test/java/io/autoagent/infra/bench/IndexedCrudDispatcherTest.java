package io.autoagent.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;
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

  private static String body(MockResponse response) {
    return response.getBody() == null
        ? null
        : new String(response.getBody().getBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }
}
