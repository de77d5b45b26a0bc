package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workload asked to run no pods while it is alerted on: a Deployment or StatefulSet whose {@code
 * spec.replicas} is 0, or a suspended CronJob. An autoscaler that owns the replica count at zero
 * (KEDA idling a workload) is expected behaviour and not reported, unless KEDA is paused at 0 or
 * its ScaledObject reports that the scaler fails (then KEDA never wakes the workload).
 *
 * <p>The replica count to return to comes from {@code
 * kubectl.kubernetes.io/last-applied-configuration} when present ({@code declared_replicas}); the
 * Argo CD application from the tracking annotation. When git or Argo CD declares more replicas, the
 * drift finding of those sources makes the root cause {@code CONFIG_DRIFT} (contract 1.1).
 */
final class ScaledToZeroDetector implements FailureDetector {

  static final String ATTR_SCALED_TO_ZERO = "scaled_to_zero";
  static final String ATTR_DECLARED_REPLICAS = "declared_replicas";
  static final String ATTR_SUSPENDED = "suspended";

  /** Attribute: {@code keda} or {@code hpa} when an autoscaler owns the replica count. */
  static final String ATTR_SCALED_BY = "scaled_by";

  static final String ARGOCD_TRACKING = "argocd.argoproj.io/tracking-id";
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  static final String KEDA_PAUSED_REPLICAS = "autoscaling.keda.sh/paused-replicas";
  static final String KEDA_SCALED_OBJECT = "scaledobject.keda.sh/name";
  private static final Pattern REPLICAS = Pattern.compile("\"replicas\"\\s*:\\s*(\\d+)");

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    HasMetadata w = snapshot.workload();
    if (w instanceof CronJob cron) {
      return Boolean.TRUE.equals(cron.getSpec().getSuspend())
          ? List.of(suspended(snapshot, cron))
          : List.of();
    }
    Integer replicas =
        switch (w) {
          case Deployment d -> d.getSpec().getReplicas();
          case StatefulSet s -> s.getSpec().getReplicas();
          default -> null;
        };
    if (replicas == null || replicas != 0) {
      return List.of();
    }
    String pausedAt = annotation(w, KEDA_PAUSED_REPLICAS);
    boolean kedaOwned = snapshot.autoscalers().stream().anyMatch(ScaledToZeroDetector::keda);
    List<Event> scalerFailures = scalerFailures(snapshot);
    if (kedaOwned && !"0".equals(pausedAt) && scalerFailures.isEmpty()) {
      return List.of();
    }
    List<String> evidence = new ArrayList<>();
    evidence.add(snapshot.kind() + " " + snapshot.name() + ": spec.replicas=0");
    scalerFailures.stream().map(Kube::eventLine).forEach(evidence::add);
    String declared = declaredReplicas(w);
    if (declared != null) {
      evidence.add(LAST_APPLIED + " declares replicas=" + declared);
    }
    String app = argoApplication(w);
    if (app != null) {
      evidence.add(
          ARGOCD_TRACKING
              + "="
              + annotation(w, ARGOCD_TRACKING)
              + " (managed by Argo CD application "
              + app
              + ")");
    }
    if ("0".equals(pausedAt)) {
      evidence.add(KEDA_PAUSED_REPLICAS + "=0: KEDA is paused at zero replicas");
    }
    snapshot
        .autoscalers()
        .forEach(
            h ->
                evidence.add(
                    "HorizontalPodAutoscaler "
                        + h.getMetadata().getName()
                        + " targets it (minReplicas="
                        + Kube.orDash(h.getSpec().getMinReplicas())
                        + ")"));
    String message =
        snapshot.kind()
            + " "
            + snapshot.name()
            + " is scaled to 0 replicas, so no pod serves"
            + (kedaOwned && !scalerFailures.isEmpty()
                ? "; KEDA holds it at zero because its scaler fails ("
                    + scalerFailures.getLast().getMessage()
                    + "), so scaling by hand is undone: fix the scaler's trigger source or credentials"
                : "")
            + (declared != null ? "; its last applied configuration asks for " + declared : "")
            + (app != null ? "; Argo CD application " + app + " manages it" : "")
            + ".";
    return List.of(
        new Finding(
            Category.SCALED_TO_ZERO,
            Severity.HIGH,
            snapshot.resource(),
            message,
            evidence,
            Kube.attrs(
                ATTR_SCALED_TO_ZERO,
                "true",
                ATTR_DECLARED_REPLICAS,
                declared,
                ATTR_SCALED_BY,
                kedaOwned ? "keda" : snapshot.autoscalers().isEmpty() ? null : "hpa",
                Finding.ATTR_ARGOCD_APPLICATION,
                app)));
  }

  private static Finding suspended(WorkloadSnapshot snapshot, CronJob cron) {
    List<String> evidence =
        List.of(
            "CronJob "
                + cron.getMetadata().getName()
                + ": spec.suspend=true, schedule="
                + Kube.orDash(cron.getSpec().getSchedule())
                + ", lastScheduleTime="
                + Kube.orDash(
                    cron.getStatus() == null ? null : cron.getStatus().getLastScheduleTime()));
    return new Finding(
        Category.SCALED_TO_ZERO,
        Severity.HIGH,
        snapshot.resource(),
        "CronJob "
            + cron.getMetadata().getName()
            + " is suspended, so it starts no Jobs on its schedule ("
            + Kube.orDash(cron.getSpec().getSchedule())
            + ").",
        evidence,
        Kube.attrs(
            ATTR_SCALED_TO_ZERO,
            "true",
            ATTR_SUSPENDED,
            "true",
            "cronjob",
            cron.getMetadata().getName(),
            Finding.ATTR_ARGOCD_APPLICATION,
            argoApplication(cron)));
  }

  /**
   * Warnings within the window on the KEDA ScaledObjects behind the workload's HPAs ({@code
   * KEDAScalerFailed}, ...): KEDA cannot read its trigger, so it never activates the workload.
   */
  private static List<Event> scalerFailures(WorkloadSnapshot snapshot) {
    java.time.Instant since = Detectors.since(snapshot);
    return snapshot.placement().relatedEvents().stream()
        .filter(
            e ->
                e.getInvolvedObject() != null
                    && "ScaledObject".equals(e.getInvolvedObject().getKind()))
        .filter(Kube::isWarning)
        .filter(e -> Kube.eventTime(e) == null || !Kube.eventTime(e).isBefore(since))
        .sorted(Kube.EVENT_ORDER)
        .toList();
  }

  private static boolean keda(HorizontalPodAutoscaler hpa) {
    Map<String, String> labels = hpa.getMetadata().getLabels();
    return (labels != null && labels.containsKey(KEDA_SCALED_OBJECT))
        || hpa.getMetadata().getName().startsWith("keda-hpa-");
  }

  /** The replica count in the last-applied configuration, or null. */
  static String declaredReplicas(HasMetadata w) {
    String applied = annotation(w, LAST_APPLIED);
    if (applied == null) {
      return null;
    }
    Matcher m = REPLICAS.matcher(applied);
    return m.find() ? m.group(1) : null;
  }

  /**
   * The Argo CD application of the tracking annotation ({@code <app>:<group>/<kind>:<ns>/<name>}),
   * or null.
   */
  static String argoApplication(HasMetadata w) {
    String tracking = annotation(w, ARGOCD_TRACKING);
    if (tracking == null || tracking.indexOf(':') <= 0) {
      return null;
    }
    return tracking.substring(0, tracking.indexOf(':'));
  }

  private static String annotation(HasMetadata w, String key) {
    Map<String, String> annotations = w.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
