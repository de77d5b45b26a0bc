package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Finding;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The detectors, in a fixed order, and the loop that runs them. */
final class Detectors {

  private static final Logger log = LoggerFactory.getLogger(Detectors.class);

  /** How far before the alert a termination or event still counts as related to it. */
  static final Duration WINDOW = Duration.ofHours(1);

  /** Every detector, the log-based ones scanning through {@code signals}. */
  static List<FailureDetector> all(LogSignals signals) {
    return List.of(
        new ScaledToZeroDetector(),
        new JobFailureDetector(),
        new AdmissionDeniedDetector(),
        new VolumeClaimDetector(),
        new NfsMountDetector(),
        new StorageDetector(),
        new DependencyFailureDetector(signals),
        new CertificateDetector(signals),
        new ClusterDnsDetector(signals),
        new CertificateNotReadyDetector(),
        new TlsSecretExpiryDetector(),
        new ConfigChangeDetector(),
        new StuckStatefulSetPodDetector(),
        new DnsFailureDetector(signals),
        new ServiceDetector(),
        new EndpointsDetector(),
        new IngressDetector(),
        new HttpRouteDetector(),
        new NetworkPolicyDetector(),
        new CrashLoopDetector(),
        new InitContainerDetector(),
        new OomKilledDetector(),
        new ImagePullDetector(),
        new ConfigErrorDetector(),
        new NodeAffinityDetector(),
        new PreemptionDetector(),
        new UnschedulableDetector(),
        new NodePressureDetector(),
        new ProbeFailureDetector(),
        new DisruptionBudgetDetector(),
        new RolloutStuckDetector(),
        new QuotaExceededDetector(),
        new AutoscalerDetector(),
        new ResourceSaturationDetector(),
        new ConfigurationReviewDetector(),
        new RecentWarningsDetector());
  }

  private Detectors() {}

  /** Start of the window in which past terminations and events are related to the alert. */
  static Instant since(WorkloadSnapshot snapshot) {
    Instant anchor =
        snapshot.alert().startedAt() != null ? snapshot.alert().startedAt() : snapshot.now();
    return anchor.minus(WINDOW);
  }

  /**
   * The workload's events with this reason and a message, except those older than {@link #since}
   * (an event without a time counts as recent).
   */
  static List<Event> recentEvents(WorkloadSnapshot snapshot, String reason) {
    Instant since = since(snapshot);
    List<Event> recent = new ArrayList<>();
    for (Event e : snapshot.events()) {
      Instant at = Kube.eventTime(e);
      if (reason.equals(e.getReason())
          && e.getMessage() != null
          && (at == null || !at.isBefore(since))) {
        recent.add(e);
      }
    }
    return recent;
  }

  /** Runs every detector; one that throws is logged and skipped, the others still run. */
  static List<Finding> run(List<FailureDetector> detectors, WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (FailureDetector detector : detectors) {
      try {
        findings.addAll(detector.detect(snapshot));
      } catch (RuntimeException e) {
        log.warn(
            "Detector {} failed on {}; continuing without it",
            detector.name(),
            snapshot.resource(),
            e);
      }
    }
    return findings;
  }
}
