package io.autoagent.tools.drift;

import java.util.Map;
import java.util.Optional;

/** API versions Kubernetes stopped serving, from the upstream deprecation guide. */
final class RemovedApis {

  private static final LiveCluster.KubeVersion V1_16 = new LiveCluster.KubeVersion(1, 16);
  private static final LiveCluster.KubeVersion V1_22 = new LiveCluster.KubeVersion(1, 22);
  private static final LiveCluster.KubeVersion V1_25 = new LiveCluster.KubeVersion(1, 25);
  private static final LiveCluster.KubeVersion V1_26 = new LiveCluster.KubeVersion(1, 26);
  private static final LiveCluster.KubeVersion V1_27 = new LiveCluster.KubeVersion(1, 27);
  private static final LiveCluster.KubeVersion V1_29 = new LiveCluster.KubeVersion(1, 29);
  private static final LiveCluster.KubeVersion V1_32 = new LiveCluster.KubeVersion(1, 32);

  /**
   * Keyed by {@code apiVersion} alone (every kind of it was removed) or {@code apiVersion kind}.
   */
  private static final Map<String, LiveCluster.KubeVersion> REMOVED =
      Map.ofEntries(
          Map.entry("apps/v1beta1", V1_16),
          Map.entry("apps/v1beta2", V1_16),
          Map.entry("extensions/v1beta1 Deployment", V1_16),
          Map.entry("extensions/v1beta1 DaemonSet", V1_16),
          Map.entry("extensions/v1beta1 ReplicaSet", V1_16),
          Map.entry("extensions/v1beta1 NetworkPolicy", V1_16),
          Map.entry("extensions/v1beta1 PodSecurityPolicy", V1_16),
          Map.entry("extensions/v1beta1 Ingress", V1_22),
          Map.entry("networking.k8s.io/v1beta1", V1_22),
          Map.entry("rbac.authorization.k8s.io/v1beta1", V1_22),
          Map.entry("apiextensions.k8s.io/v1beta1", V1_22),
          Map.entry("admissionregistration.k8s.io/v1beta1", V1_22),
          Map.entry("apiregistration.k8s.io/v1beta1", V1_22),
          Map.entry("authentication.k8s.io/v1beta1", V1_22),
          Map.entry("authorization.k8s.io/v1beta1", V1_22),
          Map.entry("certificates.k8s.io/v1beta1", V1_22),
          Map.entry("coordination.k8s.io/v1beta1", V1_22),
          Map.entry("scheduling.k8s.io/v1beta1", V1_22),
          Map.entry("storage.k8s.io/v1beta1 StorageClass", V1_22),
          Map.entry("storage.k8s.io/v1beta1 VolumeAttachment", V1_22),
          Map.entry("storage.k8s.io/v1beta1 CSIDriver", V1_22),
          Map.entry("storage.k8s.io/v1beta1 CSINode", V1_22),
          Map.entry("batch/v1beta1", V1_25),
          Map.entry("discovery.k8s.io/v1beta1", V1_25),
          Map.entry("events.k8s.io/v1beta1", V1_25),
          Map.entry("autoscaling/v2beta1", V1_25),
          Map.entry("policy/v1beta1", V1_25),
          Map.entry("node.k8s.io/v1beta1", V1_25),
          Map.entry("autoscaling/v2beta2", V1_26),
          Map.entry("flowcontrol.apiserver.k8s.io/v1beta1", V1_26),
          Map.entry("storage.k8s.io/v1beta1 CSIStorageCapacity", V1_27),
          Map.entry("flowcontrol.apiserver.k8s.io/v1beta2", V1_29),
          Map.entry("flowcontrol.apiserver.k8s.io/v1beta3", V1_32));

  private RemovedApis() {}

  /**
   * The first version that no longer serves {@code apiVersion} for {@code kind}, if it was removed.
   */
  static Optional<LiveCluster.KubeVersion> removedIn(String apiVersion, String kind) {
    LiveCluster.KubeVersion v = REMOVED.get(apiVersion + " " + kind);
    return Optional.ofNullable(v != null ? v : REMOVED.get(apiVersion));
  }
}
