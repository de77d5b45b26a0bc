package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.ts;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The change-evidence detectors (ConfigMap and Secret writes, TLS Secrets, cert-manager
 * Certificates, logs of Ready pods) as pure functions over snapshots built with fabric8 builders:
 * each with a case it reports, a healthy case, and a near miss.
 */
class ChangeEvidenceDetectorsTest {

  private static final String NS = "shop";
  private static final Deployment ORDERS = ClusterObjects.deployment(NS, "orders", 2);
  private static final ReplicaSet RS =
      ClusterObjects.replicaSet(ORDERS, "7d9c5b", "2", "orders:v2", 2, 2);

  private static Alert alert() {
    return ClusterObjects.alert(NS, "orders", Severity.HIGH); // started five minutes before NOW
  }

  static WorkloadSnapshot snapshot(
      HasMetadata workload, List<Pod> pods, Map<String, String> previousLogs, LiveEvidence live) {
    return new WorkloadSnapshot(
            alert(),
            NOW,
            workload,
            List.of(),
            pods,
            Map.of(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            null,
            previousLogs,
            List.of(),
            List.of())
        .withLive(live);
  }

  private static LiveEvidence config(LiveEvidence.ConfigObject... objects) {
    return new LiveEvidence(List.of(objects), List.of(), List.of(), List.of(), Map.of());
  }

  private static Pod readyPod() {
    return ClusterObjects.pod(RS, "a1b2c", ClusterObjects.runningReady()); // started two hours ago
  }

  private static Pod crashLoopingPod() {
    return ClusterObjects.pod(
        RS, "d3e4f", ClusterObjects.crashLooping(4, 1, "Error")); // last start three minutes ago
  }

  // ConfigChangeDetector

  @Test
  void blamesAMountedConfigMapWrittenMinutesBeforeTheAlertWhilePodsStayReady() {
    // given: the mounted ConfigMap changed 12 minutes ago, pods have run for two hours
    WorkloadSnapshot s =
        snapshot(
            ORDERS,
            List.of(readyPod()),
            Map.of(),
            config(
                new LiveEvidence.ConfigObject(
                    "ConfigMap",
                    "orders-config",
                    true,
                    NOW.minus(12, ChronoUnit.MINUTES),
                    "kubectl-edit")));

    // when
    List<Finding> findings = new ConfigChangeDetector().detect(s);

    // then
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.BAD_CHANGE);
              assertThat(f.resource()).isEqualTo("ConfigMap/shop/orders-config");
              assertThat(f.attributes())
                  .containsEntry("configmap", "orders-config")
                  .containsEntry("changed_by", "kubectl-edit")
                  .containsEntry(ConfigChangeDetector.ATTR_ROLLBACK_REVERTS, "false");
              assertThat(f.message()).contains("ConfigMap orders-config", "kubectl-edit");
            });
  }

  @Test
  void blamesASecretReadIntoTheEnvironmentOnlyWhenAContainerStartedAfterTheWrite() {
    LiveEvidence.ConfigObject secret =
        new LiveEvidence.ConfigObject(
            "Secret", "orders-db", false, NOW.minus(10, ChronoUnit.MINUTES), "argocd-controller");

    List<Finding> crashing =
        new ConfigChangeDetector()
            .detect(snapshot(ORDERS, List.of(crashLoopingPod()), Map.of(), config(secret)));
    List<Finding> untouched =
        new ConfigChangeDetector()
            .detect(snapshot(ORDERS, List.of(readyPod()), Map.of(), config(secret)));

    assertThat(crashing)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.resource()).isEqualTo("Secret/shop/orders-db");
              assertThat(f.attributes()).containsEntry("secret", "orders-db");
              assertThat(String.join(" ", f.evidence()) + f.message()).doesNotContain("password");
            });
    assertThat(untouched)
        .as("pods that have not restarted since still hold the old environment")
        .isEmpty();
  }

  @Test
  void doesNotBlameWritesOutsideTheWindowAfterTheAlertOrByCertManager() {
    Pod pod = crashLoopingPod();
    for (LiveEvidence.ConfigObject o :
        List.of(
            new LiveEvidence.ConfigObject(
                "ConfigMap", "old", true, NOW.minus(3, ChronoUnit.DAYS), "kubectl"),
            new LiveEvidence.ConfigObject(
                "ConfigMap", "later", true, NOW.minus(1, ChronoUnit.MINUTES), "kubectl"),
            new LiveEvidence.ConfigObject("ConfigMap", "unknown", true, null, null),
            new LiveEvidence.ConfigObject(
                "Secret",
                "tls",
                true,
                NOW.minus(10, ChronoUnit.MINUTES),
                "cert-manager-certificates-issuing"))) {
      assertThat(
              new ConfigChangeDetector()
                  .detect(snapshot(ORDERS, List.of(pod), Map.of(), config(o))))
          .as(o.name())
          .isEmpty();
    }
  }

  @Test
  void doesNotBlameAConfigMapWhenThePodsFailForAReasonNoConfigurationCauses() {
    Pod pulling =
        ClusterObjects.pod(
            RS, "g5h6i", ClusterObjects.waiting("ImagePullBackOff", "Back-off pulling image"));
    LiveEvidence live =
        config(
            new LiveEvidence.ConfigObject(
                "ConfigMap", "orders-config", true, NOW.minus(12, ChronoUnit.MINUTES), "kubectl"));

    assertThat(
            new ConfigChangeDetector().detect(snapshot(ORDERS, List.of(pulling), Map.of(), live)))
        .isEmpty();
  }

  // TlsSecretExpiryDetector and TlsCertificates

  @Test
  void reportsAnExpiredCertificateInAMountedTlsSecretWithoutItsKey() throws Exception {
    LiveEvidence.TlsCertificate cert =
        TlsCertificates.parse("orders-tls", resource("expired-2025-01-31.crt.b64")).orElseThrow();
    WorkloadSnapshot s =
        snapshot(
            ORDERS,
            List.of(readyPod()),
            Map.of(),
            new LiveEvidence(List.of(), List.of(cert), List.of(), List.of(), Map.of()));

    List<Finding> findings = new TlsSecretExpiryDetector().detect(s);

    assertThat(cert.notAfter()).isEqualTo(Instant.parse("2025-01-31T00:00:00Z"));
    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.CERTIFICATE);
              assertThat(f.resource()).isEqualTo("Secret/shop/orders-tls");
              assertThat(f.attributes())
                  .containsEntry("certificate_problem", "expired")
                  .containsEntry("restart_unsafe", "true");
            });
  }

  @Test
  void saysNothingAboutAValidCertificateOrATlsCrtThatIsNotOne() throws Exception {
    LiveEvidence.TlsCertificate valid =
        TlsCertificates.parse("orders-tls", resource("valid-until-2035.crt.b64")).orElseThrow();
    WorkloadSnapshot s =
        snapshot(
            ORDERS,
            List.of(readyPod()),
            Map.of(),
            new LiveEvidence(List.of(), List.of(valid), List.of(), List.of(), Map.of()));

    assertThat(new TlsSecretExpiryDetector().detect(s)).isEmpty();
    assertThat(
            TlsCertificates.parse(
                "x", java.util.Base64.getEncoder().encodeToString("not a certificate".getBytes())))
        .isEmpty();
    assertThat(TlsCertificates.parse("x", null)).isEmpty();
  }

  // CertificateNotReadyDetector

  static GenericKubernetesResource certificate(
      String name, String secret, String ready, String notAfter) {
    Map<String, Object> status = new java.util.LinkedHashMap<>();
    status.put(
        "conditions",
        List.of(
            Map.of(
                "type",
                "Ready",
                "status",
                ready,
                "reason",
                "Failing",
                "message",
                "The certificate request has failed to complete and will be retried")));
    if (notAfter != null) {
      status.put("notAfter", notAfter);
    }
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("cert-manager.io/v1")
        .withKind("Certificate")
        .withNewMetadata()
        .withName(name)
        .withNamespace(NS)
        .endMetadata()
        .addToAdditionalProperties(
            "spec", Map.of("secretName", secret, "dnsNames", List.of("orders.example.com")))
        .addToAdditionalProperties("status", status)
        .build();
  }

  @Test
  void reportsACertManagerCertificateThatIsNotReadyAndExpired() {
    WorkloadSnapshot s =
        snapshot(
            ORDERS,
            List.of(readyPod()),
            Map.of(),
            new LiveEvidence(
                List.of(),
                List.of(),
                List.of(
                    certificate(
                        "orders", "orders-tls", "False", ts(NOW.minus(2, ChronoUnit.HOURS)))),
                List.of(),
                Map.of()));

    List<Finding> findings = new CertificateNotReadyDetector().detect(s);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.CERTIFICATE);
              assertThat(f.resource()).isEqualTo("Certificate/shop/orders");
              assertThat(f.attributes())
                  .containsEntry("certificate_problem", "expired")
                  .containsEntry("secret", "orders-tls");
            });
  }

  @Test
  void ignoresACertificateThatIsReady() {
    WorkloadSnapshot s =
        snapshot(
            ORDERS,
            List.of(readyPod()),
            Map.of(),
            new LiveEvidence(
                List.of(),
                List.of(),
                List.of(
                    certificate("orders", "orders-tls", "True", ts(NOW.plus(60, ChronoUnit.DAYS)))),
                List.of(),
                Map.of()));

    assertThat(new CertificateNotReadyDetector().detect(s)).isEmpty();
  }

  @Test
  void callsACertificateNotReadyButUnexpiredNotReady() {
    WorkloadSnapshot s =
        snapshot(
            ORDERS,
            List.of(readyPod()),
            Map.of(),
            new LiveEvidence(
                List.of(),
                List.of(),
                List.of(certificate("orders", "orders-tls", "False", null)),
                List.of(),
                Map.of()));

    assertThat(new CertificateNotReadyDetector().detect(s))
        .singleElement()
        .satisfies(
            f -> assertThat(f.attributes()).containsEntry("certificate_problem", "not_ready"));
  }

  // Logs of Ready pods

  @Test
  void readsADependencyFailureFromTheCurrentLogOfAReadyPod() {
    Pod pod = readyPod();
    String key = pod.getMetadata().getName() + "/app";
    WorkloadSnapshot s =
        snapshot(
            ORDERS,
            List.of(pod),
            Map.of(),
            new LiveEvidence(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Map.of(
                    key,
                    "INFO served /orders 200\nERROR redis: WRONGPASS invalid username-password pair talking to cache.shop.svc:6379\n")));

    List<Finding> findings = new DependencyFailureDetector().detect(s);

    assertThat(findings)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.DEPENDENCY_FAILURE);
              assertThat(f.attributes())
                  .containsEntry("dependency_failure", "auth")
                  .containsEntry("dependency", "cache.shop.svc:6379");
              assertThat(f.evidence().getFirst()).startsWith("log of Ready pod ");
            });
  }

  @Test
  void findsNothingInTheQuietLogOfAReadyPod() {
    Pod pod = readyPod();
    WorkloadSnapshot s =
        snapshot(
            ORDERS,
            List.of(pod),
            Map.of(),
            new LiveEvidence(
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                Map.of(
                    pod.getMetadata().getName() + "/app",
                    "INFO served /orders 200\nINFO connected to cache.shop.svc:6379\n")));

    assertThat(new DependencyFailureDetector().detect(s)).isEmpty();
    assertThat(new CertificateDetector().detect(s)).isEmpty();
  }

  // ConfigReferences

  @Test
  void listsConfigMapsAndSecretsByHowThePodsUseThem() {
    var template =
        new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(ORDERS.getSpec().getTemplate())
            .editSpec()
            .addNewVolume()
            .withName("cfg")
            .withNewConfigMap()
            .withName("orders-config")
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("tls")
            .withNewSecret()
            .withSecretName("orders-tls")
            .endSecret()
            .endVolume()
            .editFirstContainer()
            .addNewEnv()
            .withName("DB_PASSWORD")
            .withNewValueFrom()
            .withNewSecretKeyRef()
            .withName("orders-db")
            .withKey("password")
            .endSecretKeyRef()
            .endValueFrom()
            .endEnv()
            .addNewEnvFrom()
            .withNewConfigMapRef()
            .withName("orders-config")
            .endConfigMapRef()
            .endEnvFrom()
            .endContainer()
            .endSpec()
            .build();

    assertThat(ConfigReferences.of(template))
        .containsExactly(
            new ConfigReferences.Reference("ConfigMap", "orders-config", true),
            new ConfigReferences.Reference("Secret", "orders-db", false),
            new ConfigReferences.Reference("Secret", "orders-tls", true));
    assertThat(ConfigReferences.of(null)).isEmpty();
  }

  @Test
  void podsStartedBeforeAWriteHaveNotSeenItAndThoseRestartedAfterHave() {
    Instant write = NOW.minus(10, ChronoUnit.MINUTES);
    assertThat(ConfigChangeDetector.startedAfter(readyPod(), write)).isFalse();
    assertThat(ConfigChangeDetector.startedAfter(crashLoopingPod(), write)).isTrue();
    Pod fresh =
        new PodBuilder(readyPod())
            .editStatus()
            .withStartTime(ts(NOW.minus(2, ChronoUnit.MINUTES)))
            .endStatus()
            .build();
    assertThat(ConfigChangeDetector.startedAfter(fresh, write)).isTrue();
  }

  static String resource(String name) throws Exception {
    try (var in = ChangeEvidenceDetectorsTest.class.getResourceAsStream("/tls/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
    }
  }
}
