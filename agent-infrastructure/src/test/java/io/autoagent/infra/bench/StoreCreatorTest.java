package io.autoagent.infra.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Seeding straight into the mock's store against creating through its API, both read over HTTP. */
class StoreCreatorTest {

  /** 4 namespaces of 2 Deployments of 5 pods, one failing Deployment. */
  private static final BenchCluster.Layout LAYOUT = new BenchCluster.Layout(40, 5, 2);

  private final Mock viaApi = new Mock();
  private final Mock viaStore = new Mock();

  @AfterEach
  void close() {
    viaApi.close();
    viaStore.close();
  }

  @Test
  void servesTheSameObjectsAsCreatingThroughTheApi() throws Exception {
    // given the same layout, created through the API and straight into the store
    BenchCluster.populate(ClusterObjects.Creator.of(viaApi.client), LAYOUT, 1);
    BenchCluster.populate(new StoreCreator(viaStore.crud), LAYOUT, 1);

    // then both hold the same keys (what queries match) and serve the same objects over HTTP, but
    // for what the server assigns: uid, creation time, resource version (and event names, which
    // hold a clock reading)
    assertThat(viaStore.crud.getMap()).hasSize(LAYOUT.objects());
    assertThat(keys(viaStore.crud)).isEqualTo(keys(viaApi.crud));
    for (KubernetesClient c : List.of(viaApi.client, viaStore.client)) {
      assertThat(c.pods().inAnyNamespace().list().getItems()).hasSize(40);
    }
    assertThat(served(viaStore.client)).isEqualTo(served(viaApi.client));
  }

  @Test
  void assignsWhatTheApiServerAssigns() throws Exception {
    // given a Deployment created straight into the store
    StoreCreator store = new StoreCreator(viaStore.crud);
    var app = ClusterObjects.app(store, "ns", "payments", 1);

    // when it is read back over HTTP
    var read = viaStore.client.apps().deployments().inNamespace("ns").withName("payments").get();

    // then it has what create() answered: uid, timestamp, resource version, generation 1 (the
    // mock's POST sets it so, whatever the body says)
    assertThat(read.getMetadata().getUid())
        .isEqualTo(app.deployment().getMetadata().getUid())
        .isNotBlank();
    assertThat(read.getMetadata().getCreationTimestamp())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(read.getMetadata().getResourceVersion()).isEqualTo("1");
    assertThat(read.getMetadata().getGeneration()).isEqualTo(1L);
    assertThat(app.current().getMetadata().getOwnerReferences().getFirst().getUid())
        .isEqualTo(read.getMetadata().getUid());
    assertThat(app.pods().getFirst().getMetadata().getResourceVersion()).isEqualTo("4");
  }

  @Test
  void rejectsAnObjectItAlreadyCreated() {
    StoreCreator store = new StoreCreator(viaStore.crud);
    Pod pod =
        ClusterObjects.pod(
            ClusterObjects.app(store, "ns", "payments", 0).current(),
            "p0",
            ClusterObjects.runningReady());
    store.create(pod);

    assertThatThrownBy(() -> store.create(pod))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Pod 'payments-7d9c5b-p0' already exists at /api/v1/namespaces/ns/pods");
  }

  @Test
  void verifyNamesWhatIsMissing() throws Exception {
    // given a seeded cluster that then loses one pod
    List<Pod> crashing = BenchCluster.populate(new StoreCreator(viaStore.crud), LAYOUT, 2);
    List<BenchCluster.Service> failing =
        crashing.stream()
            .map(
                p ->
                    new BenchCluster.Service(
                        p.getMetadata().getNamespace(), p.getMetadata().getLabels().get("app")))
            .toList();
    logStub(crashing.getFirst());
    BenchCluster.verify(viaStore.client, LAYOUT, failing);
    viaStore.client.pods().inNamespace("team-3").withName("svc-7-7d9c5b-p4").delete();

    // then verifying it fails, naming what is off
    assertThatThrownBy(() -> BenchCluster.verify(viaStore.client, LAYOUT, failing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("seeded cluster is wrong: pods in all namespaces is 39, expected 40");
  }

  private void logStub(Pod pod) {
    viaStore
        .server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + pod.getMetadata().getNamespace()
                + "/pods/"
                + pod.getMetadata().getName()
                + "/log?pretty=false&container=app&previous=true&tailLines=50")
        .andReturn(200, "ERROR config: DATABASE_URL is not set\n")
        .always();
  }

  private static Set<AttributeSet> keys(KubernetesCrudDispatcher crud) {
    return crud.getMap().keySet().stream()
        .filter(
            k ->
                k.getAttribute("plural") == null
                    || !"events".equals(k.getAttribute("plural").getValues().getFirst().toString()))
        .collect(Collectors.toSet());
  }

  private static List<JsonNode> served(KubernetesClient client) {
    List<HasMetadata> all = new java.util.ArrayList<>();
    all.addAll(client.nodes().list().getItems());
    all.addAll(client.apps().deployments().inAnyNamespace().list().getItems());
    all.addAll(client.apps().replicaSets().inAnyNamespace().list().getItems());
    all.addAll(client.pods().inAnyNamespace().list().getItems());
    all.addAll(client.v1().events().inAnyNamespace().list().getItems());
    return all.stream()
        .map(StoreCreatorTest::withoutServerFields)
        .sorted(Comparator.comparing(JsonNode::toString))
        .toList();
  }

  private static JsonNode withoutServerFields(HasMetadata object) {
    ObjectNode node = Serialization.jsonMapper().valueToTree(object);
    ObjectNode meta = (ObjectNode) node.get("metadata");
    meta.remove(List.of("uid", "creationTimestamp", "resourceVersion"));
    if ("Event".equals(object.getKind())) {
      String name = meta.get("name").asText();
      meta.put("name", name.substring(0, name.lastIndexOf('.')));
      ((ObjectNode) node.get("involvedObject")).remove("uid");
    }
    if (meta.has("ownerReferences")) {
      meta.get("ownerReferences").forEach(o -> ((ObjectNode) o).remove("uid"));
    }
    return node;
  }

  /** A mock API server over a CRUD dispatcher the test holds. */
  private static final class Mock implements AutoCloseable {
    final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    final KubernetesMockServer server;
    final KubernetesClient client;

    Mock() {
      Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
      server =
          new KubernetesMockServer(
              new Context(),
              new MockWebServer(),
              responses,
              new MixedDispatcher(responses, crud, new RequestLog()),
              false);
      server.init();
      client = server.createClient();
    }

    @Override
    public void close() {
      client.close();
      server.destroy();
    }
  }
}
