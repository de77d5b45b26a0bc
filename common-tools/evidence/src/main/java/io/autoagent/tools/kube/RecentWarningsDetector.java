package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.Event;
import java.time.Instant;
import java.util.List;

/**
 * UNKNOWN: Warning events about the workload's objects that are newer than the alert's start (or
 * the last hour when the alert gives no start). They keep a service from being called healthy even
 * when no specific detector recognised them; ranked last, they never displace a specific cause.
 */
final class RecentWarningsDetector implements FailureDetector {

  private static final int MAX_LINES = 10;

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    Instant started = snapshot.alert().startedAt();
    Instant since = started != null ? started : snapshot.now().minus(Detectors.WINDOW);
    // Said as the window, not as the instant it began: the same events read the same on every
    // alert.
    String when =
        started != null
            ? "since the alert started at " + started
            : "in the last " + Detectors.WINDOW.toMinutes() + " minutes";
    List<Event> recent =
        snapshot.events().stream()
            .filter(Kube::isWarning)
            .filter(
                e -> {
                  Instant at = Kube.eventTime(e);
                  return at != null && at.isAfter(since);
                })
            .sorted(Kube.EVENT_ORDER.reversed())
            .toList();
    if (recent.isEmpty()) {
      return List.of();
    }
    List<String> evidence = recent.stream().limit(MAX_LINES).map(Kube::eventLine).toList();
    Event newest = recent.getFirst();
    return List.of(
        new Finding(
            Category.UNKNOWN,
            Severity.MEDIUM,
            snapshot.resource(),
            recent.size()
                + " warning event(s) "
                + when
                + " about "
                + snapshot.name()
                + "; the newest: "
                + newest.getReason()
                + ": "
                + newest.getMessage(),
            evidence));
  }
}
