package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.LimitRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * QUOTA_EXCEEDED: FailedCreate events on the workload or its ReplicaSets in which admission refused
 * pods because of a ResourceQuota ({@code exceeded quota: compute}, {@code failed quota: compute:
 * must specify limits.memory}) or a LimitRange ({@code maximum memory usage per Container is 1Gi}).
 */
final class QuotaExceededDetector implements FailureDetector {

  private static final Pattern QUOTA = Pattern.compile("(?:exceeded|failed) quota: ([^,:\\s]+)");
  private static final Pattern LIMIT_RANGE =
      Pattern.compile(
          "(maximum|minimum) \\S+ usage per (Container|Pod)|must be less than or equal to \\S+ limit");

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Map<String, List<Event>> byCause = new LinkedHashMap<>();
    for (Event e : Detectors.recentEvents(snapshot, "FailedCreate")) {
      Matcher quota = QUOTA.matcher(e.getMessage());
      if (quota.find()) {
        byCause.computeIfAbsent("ResourceQuota/" + quota.group(1), k -> new ArrayList<>()).add(e);
      } else if (LIMIT_RANGE.matcher(e.getMessage()).find()) {
        byCause
            .computeIfAbsent("LimitRange/" + limitRangeName(snapshot), k -> new ArrayList<>())
            .add(e);
      }
    }
    List<Finding> findings = new ArrayList<>();
    byCause.forEach((cause, events) -> findings.add(finding(snapshot, cause, events)));
    return findings;
  }

  private static String limitRangeName(WorkloadSnapshot snapshot) {
    List<LimitRange> ranges = snapshot.limitRanges();
    return ranges.size() == 1 ? ranges.getFirst().getMetadata().getName() : "*";
  }

  private static Finding finding(WorkloadSnapshot snapshot, String cause, List<Event> events) {
    String kind = cause.substring(0, cause.indexOf('/'));
    String name = cause.substring(cause.indexOf('/') + 1);
    List<String> evidence = new ArrayList<>();
    events.stream().sorted(Kube.EVENT_ORDER).map(Kube::eventLine).forEach(evidence::add);
    if (kind.equals("ResourceQuota")) {
      snapshot.quotas().stream()
          .filter(q -> q.getMetadata().getName().equals(name) && q.getStatus() != null)
          .forEach(
              q ->
                  evidence.add(
                      "ResourceQuota "
                          + name
                          + ": hard="
                          + q.getStatus().getHard()
                          + ", used="
                          + q.getStatus().getUsed()));
    }
    String message = events.getLast().getMessage();
    return new Finding(
        Category.QUOTA_EXCEEDED,
        Severity.HIGH,
        Kube.ref(kind, snapshot.namespace(), name),
        (kind.equals("ResourceQuota") ? "ResourceQuota " + name : "A LimitRange")
            + " refuses new pods of "
            + snapshot.name()
            + ": "
            + message,
        evidence,
        Kube.attrs(
            Finding.ATTR_QUOTA,
            kind.equals("ResourceQuota") ? name : null,
            "limit_range",
            kind.equals("LimitRange") ? name : null));
  }
}
