package io.autoagent.tools.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ManifestLinterTest {

  private static final Optional<LiveCluster.KubeVersion> V1_29 =
      Optional.of(new LiveCluster.KubeVersion(1, 29));

  private static JsonNode yaml(String text) throws Exception {
    return new YAMLMapper().readTree(text);
  }

  @Test
  void flagsLatestImagesMissingResourcesAndProbes() throws Exception {
    JsonNode doc =
        yaml(
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: checkout, namespace: shop}
        spec:
          template:
            spec:
              securityContext: {runAsNonRoot: true}
              containers:
                - name: app
                  image: registry.example.com/checkout:latest
        """);

    List<Finding> findings = ManifestLinter.lint("apps/checkout/deployment.yaml", doc, V1_29);

    assertThat(findings)
        .extracting(Finding::message)
        .containsExactlyInAnyOrder(
            "Container app uses registry.example.com/checkout:latest, a moving tag: what runs can change without a change in git.",
            "Container app sets no resource requests, so the scheduler and the kubelet cannot size it.",
            "Container app has no liveness or readiness probe, so a hung process keeps receiving traffic.");
    assertThat(findings)
        .allMatch(f -> f.severity() == Severity.LOW)
        .allMatch(f -> f.evidence().getFirst().startsWith("apps/checkout/deployment.yaml: "));
  }

  @Test
  void flagsPrivilegedContainersRootUsersAndHostPathVolumes() throws Exception {
    JsonNode doc =
        yaml(
            """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata: {name: agent}
        spec:
          template:
            spec:
              volumes: [{name: docker, hostPath: {path: /var/run/docker.sock}}]
              containers:
                - {name: a, image: "agent:1.0", securityContext: {privileged: true}, resources: {requests: {cpu: 1m}, limits: {cpu: 1m}}, readinessProbe: {exec: {command: [true]}}}
                - {name: b, image: "agent:1.0", securityContext: {runAsUser: 0}, resources: {requests: {cpu: 1m}, limits: {cpu: 1m}}, readinessProbe: {exec: {command: [true]}}}
        """);

    List<Finding> findings = ManifestLinter.lint("agent.yaml", doc, Optional.empty());

    assertThat(findings)
        .extracting(Finding::message)
        .containsExactlyInAnyOrder(
            "Volume docker mounts the node's /var/run/docker.sock (hostPath), which ties pods to a node and exposes its filesystem.",
            "Container a runs privileged, with full access to the node.",
            "Container b runs as root (runAsUser: 0).");
  }

  @Test
  void flagsAnApiVersionTheClusterNoLongerServesOnlyWhenTheClusterIsThatNew() throws Exception {
    JsonNode doc =
        yaml(
            """
        apiVersion: policy/v1beta1
        kind: PodDisruptionBudget
        metadata: {name: checkout, namespace: shop}
        spec: {minAvailable: 1}
        """);

    assertThat(ManifestLinter.lint("pdb.yaml", doc, V1_29))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.message())
                    .contains("policy/v1beta1")
                    .contains("1.29 no longer serves"));
    assertThat(
            ManifestLinter.lint("pdb.yaml", doc, Optional.of(new LiveCluster.KubeVersion(1, 24))))
        .isEmpty();
  }

  @Test
  void findsNothingInACarefulManifest() throws Exception {
    JsonNode doc =
        yaml(
            """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: checkout, namespace: shop}
        spec:
          template:
            spec:
              securityContext: {runAsNonRoot: true}
              containers:
                - name: app
                  image: registry.example.com/checkout:1.5
                  resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
                  readinessProbe: {httpGet: {path: /ready, port: 8080}}
        """);

    assertThat(ManifestLinter.lint("d.yaml", doc, V1_29)).isEmpty();
  }

  @Test
  void parsesTheApiServerVersionFields() {
    assertThat(LiveCluster.KubeVersion.parse("1", "29+"))
        .hasValue(new LiveCluster.KubeVersion(1, 29));
    assertThat(LiveCluster.KubeVersion.parse("x", "")).isEmpty();
  }
}
