package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevisionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What {@link LiveEvidenceReader} reads from a fabric8 mock API in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class LiveEvidenceReaderTest {

  static KubernetesClient client;
  static KubernetesMockServer server;
  private static final ExecutorService EXECUTOR = Executors.newVirtualThreadPerTaskExecutor();

  @AfterAll
  static void stop() {
    EXECUTOR.shutdownNow();
  }

  private static LiveEvidenceReader reader() {
    return new LiveEvidenceReader(
        client,
        new OnDemandReads(
            client,
            KubeOptions.defaults()
                .withTimeouts(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(30)),
            EXECUTOR),
        Clock.systemUTC());
  }

  private static PodTemplateSpec templateUsing(String configMap, String tlsSecret) {
    return new PodTemplateSpecBuilder(ClusterObjects.template("orders", "orders:v2"))
        .editSpec()
        .addNewVolume()
        .withName("cfg")
        .withNewConfigMap()
        .withName(configMap)
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("tls")
        .withNewSecret()
        .withSecretName(tlsSecret)
        .endSecret()
        .endVolume()
        .endSpec()
        .build();
  }

  @Test
  void keepsTheNewestWriteTimeOfUsedObjectsAndOnlyTheValidityOfATlsCertificate() throws Exception {
    // given
    String ns = "reader-config";
    client
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("orders-config")
                .withNamespace(ns)
                .withManagedFields(
                    new ManagedFieldsEntryBuilder()
                        .withManager("helm")
                        .withOperation("Update")
                        .withTime(ts(NOW.minus(5, ChronoUnit.DAYS)))
                        .build(),
                    new ManagedFieldsEntryBuilder()
                        .withManager("kubectl-edit")
                        .withOperation("Update")
                        .withTime(ts(NOW.minus(9, ChronoUnit.MINUTES)))
                        .build())
                .endMetadata()
                .addToData("mode", "strict")
                .build())
        .create();
    client
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("orders-tls")
                .withNamespace(ns)
                .endMetadata()
                .withType("kubernetes.io/tls")
                .addToData(
                    "tls.crt", ChangeEvidenceDetectorsTest.resource("expired-2025-01-31.crt.b64"))
                .addToData(
                    "tls.key",
                    java.util.Base64.getEncoder().encodeToString("PRIVATE-KEY-MATERIAL".getBytes()))
                .build())
        .create();
    Deployment d =
        new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(
                ClusterObjects.deployment(ns, "orders", 1))
            .editSpec()
            .withTemplate(templateUsing("orders-config", "orders-tls"))
            .endSpec()
            .build();

    // when
    LiveEvidence live =
        reader()
            .read(d, d.getSpec().getTemplate(), List.of(), Map.of("x/app", "previous log read"));

    // then
    assertThat(live.configObjects())
        .containsExactly(
            new LiveEvidence.ConfigObject(
                "ConfigMap",
                "orders-config",
                true,
                NOW.minus(9, ChronoUnit.MINUTES),
                "kubectl-edit"),
            new LiveEvidence.ConfigObject("Secret", "orders-tls", true, null, null));
    assertThat(live.tlsCertificates())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.notAfter())
                    .isEqualTo(java.time.Instant.parse("2025-01-31T00:00:00Z")));
    assertThat(live.toString())
        .doesNotContain("PRIVATE-KEY-MATERIAL")
        .doesNotContain("UFJJVkFURS1LRVktTUFURVJJQUw");
    assertThat(live.certificates()).as("cert-manager is not installed").isEmpty();
    assertThat(live.currentLogs()).as("a crash-looping container's log was read").isEmpty();
  }

  @Test
  void readsCertManagerCertificatesOnlyOnceTheirCrdIsServed() {
    String ns = "reader-certs";
    Deployment d =
        new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(
                ClusterObjects.deployment(ns, "web", 1))
            .editSpec()
            .withTemplate(templateUsing("web-config", "web-tls"))
            .endSpec()
            .build();
    LiveEvidenceReader reader = reader();
    assertThat(reader.read(d, d.getSpec().getTemplate(), List.of(), Map.of()).certificates())
        .isEmpty();

    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(
            new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName("certificates.cert-manager.io")
                .endMetadata()
                .withNewSpec()
                .withGroup("cert-manager.io")
                .withScope("Namespaced")
                .withNewNames()
                .withKind("Certificate")
                .withPlural("certificates")
                .withSingular("certificate")
                .endNames()
                .addNewVersion()
                .withName("v1")
                .withServed(true)
                .withStorage(true)
                .endVersion()
                .endSpec()
                .build())
        .create();
    client
        .genericKubernetesResources("cert-manager.io/v1", "Certificate")
        .inNamespace(ns)
        .resource(ChangeEvidenceDetectorsTest.certificate("web", "web-tls", "False", null))
        .create();
    client
        .genericKubernetesResources("cert-manager.io/v1", "Certificate")
        .inNamespace(ns)
        .resource(ChangeEvidenceDetectorsTest.certificate("other", "other-tls", "False", null))
        .create();

    LiveEvidence live = reader().read(d, d.getSpec().getTemplate(), List.of(), Map.of());

    assertThat(live.certificates())
        .extracting(c -> c.getMetadata().getName())
        .containsExactly("web");
  }

  @Test
  void readsTheStatefulSetsOwnControllerRevisionsInOrder() {
    String ns = "reader-revisions";
    StatefulSet set =
        client
            .resource(
                new StatefulSetBuilder()
                    .withNewMetadata()
                    .withName("ledger")
                    .withNamespace(ns)
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(1)
                    .withNewSelector()
                    .withMatchLabels(Map.of("app", "ledger"))
                    .endSelector()
                    .withTemplate(ClusterObjects.template("ledger", "ledger:5"))
                    .endSpec()
                    .build())
            .create();
    for (long n : List.of(2L, 1L)) {
      client
          .resource(
              new ControllerRevisionBuilder()
                  .withNewMetadata()
                  .withName("ledger-r" + n)
                  .withNamespace(ns)
                  .addNewOwnerReference()
                  .withApiVersion("apps/v1")
                  .withKind("StatefulSet")
                  .withName("ledger")
                  .withUid(set.getMetadata().getUid())
                  .withController(true)
                  .endOwnerReference()
                  .endMetadata()
                  .withRevision(n)
                  .build())
          .create();
    }
    client
        .resource(
            new ControllerRevisionBuilder()
                .withNewMetadata()
                .withName("someone-else")
                .withNamespace(ns)
                .endMetadata()
                .withRevision(7L)
                .build())
        .create();

    LiveEvidence live = reader().read(set, set.getSpec().getTemplate(), List.of(), Map.of());

    assertThat(live.revisions())
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("ledger-r1", "ledger-r2");
  }

  @Test
  void readsABoundedTailOfOneReadyPodsCurrentLogWhenNoCrashLogWasRead() {
    String ns = "reader-logs";
    Deployment d = ClusterObjects.deployment(ns, "api", 2);
    var rs = ClusterObjects.replicaSet(d, "7d9c5b", "2", "api:v2", 2, 2);
    Pod ready = ClusterObjects.pod(rs, "aaaaa", ClusterObjects.runningReady());
    Pod failing = ClusterObjects.pod(rs, "bbbbb", ClusterObjects.crashLooping(3, 1, "Error"));
    server
        .expect()
        .get()
        .withPath(
            "/api/v1/namespaces/"
                + ns
                + "/pods/"
                + ready.getMetadata().getName()
                + "/log?pretty=false&container=app&tailLines=50")
        .andReturn(200, "upstream payments.example.com answered 503\n")
        .always();

    LiveEvidence live =
        reader().read(d, d.getSpec().getTemplate(), List.of(failing, ready), Map.of());

    assertThat(live.currentLogs()).containsOnlyKeys(ready.getMetadata().getName() + "/app");
  }
}
