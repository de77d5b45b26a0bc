package io.autoagent.tools.kube;

import static io.autoagent.tools.kube.NetworkFixtures.NS;
import static io.autoagent.tools.kube.NetworkFixtures.pod;
import static io.autoagent.tools.kube.NetworkFixtures.service;
import static io.autoagent.tools.kube.NetworkFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Empty or unready endpoints behind the Service that fronts the workload; pure, over fabric8
 * objects.
 */
class EndpointsDetectorTest {

  private static EndpointSlice slice(Boolean... ready) {
    EndpointSliceBuilder b =
        new EndpointSliceBuilder()
            .withNewMetadata()
            .withName("checkout-x7k2p")
            .withNamespace(NS)
            .withLabels(Map.of(NetworkReads.SERVICE_NAME_LABEL, "checkout"))
            .endMetadata()
            .withAddressType("IPv4");
    for (Boolean r : ready) {
      b.addToEndpoints(
          new EndpointBuilder()
              .withAddresses("10.244.1.17")
              .withNewConditions()
              .withReady(r)
              .endConditions()
              .build());
    }
    return b.build();
  }

  private static List<Finding> detect(
      Map<String, List<EndpointSlice>> slices, Map<String, Endpoints> endpoints, Pod... pods) {
    NetworkSnapshot network = new NetworkSnapshot(slices, endpoints, null, null, null, null, null);
    return new EndpointsDetector()
        .detect(snapshot(network, List.of(service()), List.of(pods), Map.of()));
  }

  private static final Pod RELABELLED = pod("a1b2c", Map.of("app", "checkout-quarantined"));
  private static final Pod MATCHING = pod("a1b2c", Map.of("app", "checkout"));

  @Test
  void aSliceWithNoAddressWhileNoRunningPodMatchesTheSelectorIsNetwork() {
    assertThat(detect(Map.of("checkout", List.of(slice())), Map.of(), RELABELLED))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.category()).isEqualTo(Category.NETWORK);
              assertThat(f.severity()).isEqualTo(Severity.HIGH);
              assertThat(f.resource()).isEqualTo("Service/shop/checkout");
              assertThat(f.attributes())
                  .containsEntry(ServiceDetector.ATTR_PROBLEM, "no_endpoints");
              assertThat(f.message()).contains("matches none of the 1 running pod(s)");
            });
  }

  @Test
  void onlyUnreadyAddressesAreReportedAsLowSeverityEvidenceNotAsACause() {
    assertThat(detect(Map.of("checkout", List.of(slice(false, false))), Map.of(), MATCHING))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.LOW);
              assertThat(f.attributes())
                  .containsEntry(ServiceDetector.ATTR_PROBLEM, "endpoints_not_ready");
              assertThat(f.evidence())
                  .contains("EndpointSlices of Service checkout: 0 ready, 2 not ready");
            });
  }

  @Test
  void readsCoreEndpointsWhenTheServiceHasNoSlice() {
    Endpoints unready =
        new EndpointsBuilder()
            .withNewMetadata()
            .withName("checkout")
            .withNamespace(NS)
            .endMetadata()
            .addNewSubset()
            .addNewNotReadyAddress()
            .withIp("10.244.1.17")
            .endNotReadyAddress()
            .endSubset()
            .build();
    assertThat(detect(Map.of(), Map.of("checkout", unready), MATCHING))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.evidence())
                    .contains("Endpoints of Service checkout: 0 ready, 1 not ready"));

    Endpoints empty =
        new EndpointsBuilder()
            .withNewMetadata()
            .withName("checkout")
            .withNamespace(NS)
            .endMetadata()
            .build();
    assertThat(detect(Map.of(), Map.of("checkout", empty), RELABELLED))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(ServiceDetector.ATTR_PROBLEM, "no_endpoints"));
  }

  @Test
  void aReadyAddressOrAnUnknownReadinessIsFine() {
    assertThat(detect(Map.of("checkout", List.of(slice(false, true))), Map.of(), MATCHING))
        .isEmpty();
    assertThat(detect(Map.of("checkout", List.of(slice((Boolean) null))), Map.of(), MATCHING))
        .isEmpty();
  }

  @Test
  void nearMissEndpointsNotReadOrNoRunningPodOrAPodThatMatchesProveNothing() {
    // endpoints could not be read
    assertThat(detect(Map.of(), Map.of(), RELABELLED)).isEmpty();
    // no running pod at all: scaled to zero or unschedulable, which other detectors explain
    Pod pending = new PodBuilder(RELABELLED).editStatus().withPhase("Pending").endStatus().build();
    assertThat(detect(Map.of("checkout", List.of(slice())), Map.of(), pending)).isEmpty();
    // a rollout whose new pod matches but is not running yet
    Pod newPending =
        new PodBuilder(pod("z9y8x", Map.of("app", "checkout")))
            .editStatus()
            .withPhase("Pending")
            .endStatus()
            .build();
    assertThat(detect(Map.of("checkout", List.of(slice())), Map.of(), RELABELLED, newPending))
        .isEmpty();
  }

  @Test
  void nearMissASelectorThatMissesThePodTemplateIsLeftToTheServiceDetector() {
    NetworkSnapshot network =
        new NetworkSnapshot(
            Map.of("checkout", List.of(slice())), null, null, null, null, null, null);
    WorkloadSnapshot s =
        snapshot(
            network,
            List.of(service("checkout", Map.of("app.kubernetes.io/name", "checkout"))),
            List.of(MATCHING),
            Map.of());
    assertThat(new EndpointsDetector().detect(s)).isEmpty();
    assertThat(new ServiceDetector().detect(s))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.attributes())
                    .containsEntry(ServiceDetector.ATTR_PROBLEM, "selector_mismatch"));
  }
}
