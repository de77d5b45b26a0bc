package io.autoagent.infra.startup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesTargetTest {

  private static final String KUBECONFIG =
      """
      apiVersion: v1
      kind: Config
      clusters:
        - name: kind-dev
          cluster: {server: "https://127.0.0.1:6443"}
      contexts:
        - name: kind-dev
          context: {cluster: kind-dev, user: dev}
      current-context: kind-dev
      users:
        - name: dev
          user: {token: not-shown}
      """;

  @TempDir Path dir;

  @Test
  void describesTheKubeconfigItsContextAndServer() throws Exception {
    Path file = Files.writeString(dir.resolve("config"), KUBECONFIG);

    KubernetesTarget target = KubernetesTarget.fromEnv(Map.of("KUBECONFIG", file.toString()));

    assertThat(target.configured()).isTrue();
    assertThat(target.description())
        .isEqualTo("kubeconfig " + file + ", context kind-dev, server https://127.0.0.1:6443");
    assertThat(target.description()).doesNotContain("not-shown");
  }

  @Test
  void stopsStartUpWithOneLineForAKubeconfigThatDoesNotExist() {
    assertThatThrownBy(() -> KubernetesTarget.fromEnv(Map.of("KUBECONFIG", "/nonexistent")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("KUBECONFIG=/nonexistent is not valid: /nonexistent does not exist");
  }

  @Test
  void stopsStartUpWithOneLineForAKubeconfigThatDoesNotParse() throws Exception {
    Path broken =
        Files.writeString(
            dir.resolve("broken"), "clusters: [\n  - name: x\n  cluster: {server: \n");
    Path notKube = Files.writeString(dir.resolve("other.yaml"), "hello: world\n");
    Path noContext =
        Files.writeString(
            dir.resolve("nocontext"),
            KUBECONFIG.replace("current-context: kind-dev", "current-context: prod"));

    assertThatThrownBy(() -> KubernetesTarget.fromEnv(Map.of("KUBECONFIG", broken.toString())))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(
            "KUBECONFIG=" + broken + " is not valid: " + broken + " is not a kubeconfig file (")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> KubernetesTarget.fromEnv(Map.of("KUBECONFIG", notKube.toString())))
        .hasMessageContaining(
            "is not a kubeconfig file (expected clusters, contexts and current-context)");
    assertThatThrownBy(() -> KubernetesTarget.fromEnv(Map.of("KUBECONFIG", noContext.toString())))
        .hasMessageEndingWith("current-context 'prod' is not among its contexts");
  }

  @Test
  void fallsBackToHomeKubeConfigThenInClusterThenOff() throws Exception {
    Files.createDirectories(dir.resolve(".kube"));
    Files.writeString(dir.resolve(".kube").resolve("config"), KUBECONFIG);

    assertThat(KubernetesTarget.fromEnv(Map.of("HOME", dir.toString())).description())
        .startsWith("kubeconfig " + dir.resolve(".kube").resolve("config") + ", context kind-dev");
    assertThat(
            KubernetesTarget.fromEnv(
                    Map.of(
                        "KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443"))
                .description())
        .isEqualTo("in-cluster (service account), server https://10.96.0.1:443");
    KubernetesTarget off =
        KubernetesTarget.fromEnv(Map.of("HOME", dir.resolve("nowhere").toString()));
    assertThat(off.configured()).isFalse();
    assertThat(off.description()).startsWith("off");
  }
}
