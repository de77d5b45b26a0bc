package io.autoagent.tools.drift;

import java.util.Optional;

/**
 * What the git and Argo CD sources need to know about the live cluster: the alerted workload as it
 * runs, and the API server's version (for manifest validation). Sources run in parallel with the
 * Kubernetes source and do not see its findings, so they read these through this port instead.
 *
 * <p>Implementations must be thread-safe and must not throw for expected failures: an unreachable
 * API answers empty, and the caller then skips drift and API-version checks. {@link #NONE} is the
 * null object for agents without a cluster.
 */
public interface LiveCluster {

  /** The live workload named or labelled {@code service} in {@code namespace}, if any. */
  Optional<LiveWorkload> workload(String namespace, String service);

  /** The API server's {@code major.minor} version (from {@code /version}), if known. */
  Optional<KubeVersion> serverVersion();

  /** No cluster: no drift, no API-version checks. */
  LiveCluster NONE =
      new LiveCluster() {
        @Override
        public Optional<LiveWorkload> workload(String namespace, String service) {
          return Optional.empty();
        }

        @Override
        public Optional<KubeVersion> serverVersion() {
          return Optional.empty();
        }
      };

  /**
   * The live side of a drift comparison.
   *
   * @param spec the live workload's compared fields
   * @param replicasOwnedByAutoscaler whether a HorizontalPodAutoscaler targets it
   */
  record LiveWorkload(WorkloadSpec spec, boolean replicasOwnedByAutoscaler) {}

  /** A Kubernetes minor version, for example 1.29. */
  record KubeVersion(int major, int minor) implements Comparable<KubeVersion> {

    /** Parses {@code 1.29}, {@code v1.29.3} or the {@code /version} fields ({@code "29+"}). */
    public static Optional<KubeVersion> parse(String major, String minor) {
      try {
        return Optional.of(
            new KubeVersion(
                Integer.parseInt(major.replaceAll("\\D", "")),
                Integer.parseInt(minor.replaceAll("\\D.*", ""))));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }

    @Override
    public int compareTo(KubeVersion o) {
      return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
      return major + "." + minor;
    }
  }
}
