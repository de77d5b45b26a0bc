package io.autoagent.tools.gitops;

import static io.autoagent.tools.gitops.Manifests.BARE;
import static io.autoagent.tools.gitops.Manifests.CHECKOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.PermanentException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestEditorTest {

  private static ManifestEditor.Result edit(String yaml, String name, FieldEdit... edits) {
    return ManifestEditor.edit("deploy/x.yaml", yaml, "Deployment", name, "shop", List.of(edits));
  }

  @Test
  void replacesReplicasAndKeepsEveryOtherByte() {
    ManifestEditor.Result result = edit(CHECKOUT, "checkout", new FieldEdit.Replicas(3));

    assertThat(result.text())
        .isEqualTo(CHECKOUT.replace("replicas: 2 # scaled", "replicas: 3 # scaled"));
    assertThat(result.diff())
        .startsWith("--- a/deploy/x.yaml\n+++ b/deploy/x.yaml\n@@")
        .contains(
            "-  replicas: 2 # scaled by hand in March\n+  replicas: 3 # scaled by hand in March\n");
  }

  @Test
  void replacesAnImageKeepingItsQuotesAndComment() {
    ManifestEditor.Result result =
        edit(
            CHECKOUT,
            "checkout",
            new FieldEdit.Image("app", "registry.example.com/checkout:1.4.1"));

    assertThat(result.text())
        .isEqualTo(
            CHECKOUT.replace(
                "\"registry.example.com/checkout:1.4.2\"  # pinned",
                "\"registry.example.com/checkout:1.4.1\"  # pinned"));
  }

  @Test
  void addsAMissingLimitsBlockWithTheFilesIndentation() {
    ManifestEditor.Result result =
        edit(CHECKOUT, "checkout", new FieldEdit.MemoryLimit("app", "512Mi"));

    assertThat(result.text())
        .isEqualTo(
            CHECKOUT.replace(
                "          resources:\n            requests: {cpu: 100m}",
                "          resources:\n            limits:\n              memory: 512Mi\n            requests: {cpu: 100m}"));
  }

  @Test
  void replacesAnExistingMemoryLimitOfTheNamedContainerOnly() {
    ManifestEditor.Result result =
        edit(CHECKOUT, "checkout", new FieldEdit.MemoryLimit("sidecar", "256Mi"));

    assertThat(result.text())
        .isEqualTo(CHECKOUT.replace("memory: 128Mi   # tight", "memory: 256Mi   # tight"));
  }

  @Test
  void addsResourcesAndReplicasWithFourSpaceIndentation() {
    ManifestEditor.Result result =
        ManifestEditor.edit(
            "cart.yaml",
            BARE,
            "Deployment",
            "cart",
            "shop",
            List.of(new FieldEdit.MemoryLimit(null, "1Gi"), new FieldEdit.Replicas(4)));

    assertThat(result.text())
        .isEqualTo(
            BARE.replace("spec:\n    template:", "spec:\n    replicas: 4\n    template:")
                .replace(
                    "    -   name: cart\n",
                    "    -   name: cart\n"
                        + " ".repeat(16)
                        + "resources:\n"
                        + " ".repeat(20)
                        + "limits:\n"
                        + " ".repeat(24)
                        + "memory: 1Gi\n"));
  }

  @Test
  void reportsNoChangeWhenTheValueIsAlreadyThere() {
    ManifestEditor.Result result = edit(CHECKOUT, "checkout", new FieldEdit.Replicas(2));

    assertThat(result.changed()).isFalse();
    assertThat(result.text()).isEqualTo(CHECKOUT);
  }

  @Test
  void declaresOnlyTheMatchingKindNameAndNamespace() {
    assertThat(ManifestEditor.declares(CHECKOUT, "Deployment", "checkout", "shop")).isTrue();
    assertThat(ManifestEditor.declares(CHECKOUT, "Deployment", "checkout", "other")).isFalse();
    assertThat(ManifestEditor.declares(CHECKOUT, "StatefulSet", "checkout", "shop")).isFalse();
    assertThat(ManifestEditor.declares("{{ .Values.x }}: [", "Deployment", "checkout", "shop"))
        .isFalse();
  }

  @Test
  void refusesAnUnknownContainer() {
    assertThatThrownBy(() -> edit(CHECKOUT, "checkout", new FieldEdit.Image("nope", "x:1")))
        .isInstanceOf(PermanentException.class)
        .hasMessageContaining("container nope");
  }
}
