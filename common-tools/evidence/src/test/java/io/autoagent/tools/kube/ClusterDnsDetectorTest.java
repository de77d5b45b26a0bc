package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.NetworkFixtures.pod;
import static io.autoagent.tools.kube.NetworkFixtures.service;
import static io.autoagent.tools.kube.NetworkFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.kube.sandbox.ClusterObjects;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CoreDNS down in kube-system while the workload's logs show failed lookups; pure, over fabric8
 * objects.
 */
class ClusterDnsDetectorTest {

  private static final String LOOKUP_FAILED =
      "2026-12-07T10:01:02Z ERROR db: dial tcp: lookup postgres.data.svc.cluster.local on 10.96.0.10:53: "
          + "read udp 10.244.1.17:41234->10.96.0.10:53: i/o timeout\n";

  private static Deployment coredns(int ready) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName("coredns")
        .withNamespace("kube-system")
        .withLabels(Map.of("k8s-app", "kube-dns"))
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .endSpec()
        .withNewStatus()
        .withReplicas(2)
        .withReadyReplicas(ready)
        .endStatus()
        .build();
  }

  private static Pod dnsPod(String name, List<ContainerStatus> statuses) {
    var rs =
        ClusterObjects.replicaSet(
            ClusterObjects.deployment("kube-system", "coredns", 2),
            "5d78c9869d",
            "1",
            "registry.k8s.io/coredns/coredns:v1.11.1",
            2,
            0);
    return new PodBuilder(ClusterObjects.pod(rs, name, statuses))
        .editMetadata()
        .withLabels(Map.of("k8s-app", "kube-dns"))
        .endMetadata()
        .build();
  }

  private static List<Finding> detect(NetworkSnapshot.ClusterDns dns, Map<String, String> logs) {
    NetworkSnapshot network = new NetworkSnapshot(null, null, null, null, null, null, dns);
    return new ClusterDnsDetector()
        .detect(
            snapshot(
                network,
                List.of(service()),
                List.of(pod("a1b2c", Map.of("app", "checkout"))),
                logs));
  }

  private static final Map<String, String> LOGS =
      Map.of("checkout-6b7c8d-a1b2c/app", LOOKUP_FAILED);

  @Test
  void crashLoopingCoreDnsBehindFailedLookupsIsNetworkAndRestartUnsafe() {
    var dns =
        new NetworkSnapshot.ClusterDns(
            List.of(coredns(0)),
            List.of(
                dnsPod("k4j2h", ClusterObjects.crashLooping(14, 1, "Error")),
                dnsPod("m9n8b", ClusterObjects.crashLooping(13, 1, "Error"))));
    assertThat(detect(dns, LOGS))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.NETWORK);
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.resource()).isEqualTo("Pod/shop/checkout-6b7c8d-a1b2c");
              assertThat(f.message())
                  .contains("kube-system/coredns")
                  .contains("0 of 2 DNS pod(s) ready");
              assertThat(f.attributes())
                  .containsEntry(CrashLoopDetector.ATTR_RESTART_UNSAFE, "true")
                  .containsEntry(ServiceDetector.ATTR_PROBLEM, "cluster_dns_down");
              assertThat(f.evidence())
                  .contains("Deployment kube-system/coredns: readyReplicas=0 of 2");
            });
  }

  @Test
  void oneCrashLoopingReplicaBesideAReadyOneIsMediumSeverity() {
    var dns =
        new NetworkSnapshot.ClusterDns(
            List.of(coredns(1)),
            List.of(
                dnsPod("k4j2h", ClusterObjects.crashLooping(14, 1, "Error")),
                dnsPod("m9n8b", ClusterObjects.runningReady())));
    assertThat(detect(dns, LOGS))
        .singleElement()
        .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.MEDIUM));
  }

  @Test
  void aBrokenClusterDnsWithoutLookupErrorsInTheWorkloadsLogsIsNotBlamed() {
    var dns =
        new NetworkSnapshot.ClusterDns(
            List.of(coredns(0)),
            List.of(dnsPod("k4j2h", ClusterObjects.crashLooping(14, 1, "Error"))));
    assertThat(detect(dns, Map.of("checkout-6b7c8d-a1b2c/app", "panic: nil pointer dereference\n")))
        .isEmpty();
  }

  @Test
  void nearMissLookupErrorsWhileTheClusterDnsIsHealthyAreLeftToTheDnsFailureDetector() {
    var dns =
        new NetworkSnapshot.ClusterDns(
            List.of(coredns(2)),
            List.of(
                dnsPod("k4j2h", ClusterObjects.runningReady()),
                dnsPod("m9n8b", ClusterObjects.runningReady())));
    assertThat(detect(dns, LOGS)).isEmpty();
    assertThat(detect(null, LOGS)).isEmpty();
    WorkloadSnapshot s =
        snapshot(
            new NetworkSnapshot(null, null, null, null, null, null, dns),
            List.of(service()),
            List.of(pod("a1b2c", Map.of("app", "checkout"))),
            LOGS);
    assertThat(new DnsFailureDetector().detect(s))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(CrashLoopDetector.ATTR_RESTART_UNSAFE, "true"));
  }
}
