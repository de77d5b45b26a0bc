package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API server refuses the workload's pods: {@code FailedCreate} events (on a ReplicaSet, Job,
 * StatefulSet or DaemonSet) within the window that name an admission webhook ({@code admission
 * webhook "x" denied the request}: Gatekeeper, Kyverno or any other) or Pod Security admission
 * ({@code violates PodSecurity "restricted:latest"}). One finding per webhook or Pod Security
 * level; a quota refusal is the {@link QuotaExceededDetector}'s.
 */
final class AdmissionDeniedDetector implements FailureDetector {

  static final String ATTR_WEBHOOK = "webhook";
  static final String ATTR_POLICY = "policy";
  static final String ATTR_POD_SECURITY = "pod_security";
  private static final Pattern WEBHOOK =
      Pattern.compile("admission webhook \"([^\"]+)\" denied the request");
  private static final Pattern POD_SECURITY = Pattern.compile("violates PodSecurity \"([^\"]+)\"");

  /** Gatekeeper names the constraint in brackets: {@code [must-have-cost-center] you must ...}. */
  private static final Pattern GATEKEEPER_CONSTRAINT =
      Pattern.compile("denied the request: \\[([^\\]]+)\\]");

  /** Kyverno lists the blocking policy after "due to the following policies". */
  private static final Pattern KYVERNO_POLICY =
      Pattern.compile("following policies\\s+([A-Za-z0-9.-]+):");

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Map<String, List<Event>> byCause = new LinkedHashMap<>();
    for (Event e : Detectors.recentEvents(snapshot, "FailedCreate")) {
      Matcher webhook = WEBHOOK.matcher(e.getMessage());
      Matcher podSecurity = POD_SECURITY.matcher(e.getMessage());
      if (webhook.find()) {
        byCause.computeIfAbsent("webhook:" + webhook.group(1), k -> new ArrayList<>()).add(e);
      } else if (podSecurity.find()) {
        byCause
            .computeIfAbsent("podsecurity:" + podSecurity.group(1), k -> new ArrayList<>())
            .add(e);
      }
    }
    List<Finding> findings = new ArrayList<>();
    byCause.forEach((cause, events) -> findings.add(finding(snapshot, cause, events)));
    return findings;
  }

  private static Finding finding(WorkloadSnapshot snapshot, String cause, List<Event> events) {
    List<Event> sorted = events.stream().sorted(Kube.EVENT_ORDER).toList();
    String message = sorted.getLast().getMessage();
    String value = cause.substring(cause.indexOf(':') + 1);
    List<String> evidence = sorted.stream().map(Kube::eventLine).toList();
    var involved = sorted.getLast().getInvolvedObject();
    String resource = Kube.ref(involved.getKind(), snapshot.namespace(), involved.getName());
    if (cause.startsWith("podsecurity:")) {
      return new Finding(
          Category.ADMISSION_DENIED,
          Severity.HIGH,
          resource,
          "Pod Security admission ("
              + value
              + ") refuses the pods of "
              + snapshot.kind()
              + " "
              + snapshot.name()
              + "; the pod spec must meet that level or the namespace's level must change: "
              + message,
          evidence,
          Kube.attrs(ATTR_POD_SECURITY, value));
    }
    String policy = policy(message, value);
    String engine =
        value.contains("gatekeeper")
            ? "Gatekeeper"
            : value.contains("kyverno") ? "Kyverno" : "Admission webhook";
    return new Finding(
        Category.ADMISSION_DENIED,
        Severity.HIGH,
        resource,
        engine
            + " (webhook "
            + value
            + (policy == null ? "" : ", policy " + policy)
            + ") refuses the pods of "
            + snapshot.kind()
            + " "
            + snapshot.name()
            + ": "
            + message,
        evidence,
        Kube.attrs(ATTR_WEBHOOK, value, ATTR_POLICY, policy));
  }

  private static String policy(String message, String webhook) {
    Matcher m =
        webhook.contains("kyverno")
            ? KYVERNO_POLICY.matcher(message)
            : GATEKEEPER_CONSTRAINT.matcher(message);
    return m.find() ? m.group(1) : null;
  }
}
