package io.autoagent.tools.git;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Ties a failure to the change that caused it. Evidence sources run in parallel and do not see each
 * other's findings, so this runs after collection, over everything collected:
 *
 * <pre>{@code
 * Evidence evidence = correlator.apply(new Evidence(alert, reports)); // then analyzer.analyze(evidence)
 * }</pre>
 *
 * <p>A git or Argo CD change to the service made within {@code window} before the failure began
 * (the alert's {@code startedAt}, else now) becomes a BAD_CHANGE finding only when it touches what
 * the failure depends on: the image for IMAGE_PULL and CRASH_LOOP, environment or configuration for
 * CRASH_LOOP, CONFIG_ERROR and error-rate alerts, probes for PROBE_FAILURE, resources for
 * OOM_KILLED, image, probes or resources for ROLLOUT_STUCK. Only failures of severity MEDIUM or
 * worse count (configuration-review findings do not). A commit that touched something else (a
 * README, an annotation) is never blamed. When several changes match, the newest is the one named.
 * The revision before a blamed commit ({@code previous_revision}) comes from the evidence, as the
 * git source reported it: this class never calls back into a source. Pure apart from the clock;
 * thread-safe.
 */
public final class ChangeCorrelator {

  private static final Set<String> SOURCES = Set.of("git", "argocd");
  private static final Pattern ERROR_RATE =
      Pattern.compile("(?i).*(error.?rate|errors?.?budget|5xx|http.?errors?|slo.?burn|latency).*");
  private static final Map<Category, Set<ChangeItem.Kind>> DEPENDS_ON =
      Map.of(
          Category.IMAGE_PULL, EnumSet.of(ChangeItem.Kind.IMAGE),
          Category.CRASH_LOOP,
              EnumSet.of(ChangeItem.Kind.IMAGE, ChangeItem.Kind.ENV, ChangeItem.Kind.CONFIG),
          Category.CONFIG_ERROR, EnumSet.of(ChangeItem.Kind.ENV, ChangeItem.Kind.CONFIG),
          Category.PROBE_FAILURE, EnumSet.of(ChangeItem.Kind.PROBES),
          Category.OOM_KILLED, EnumSet.of(ChangeItem.Kind.RESOURCES),
          Category.ROLLOUT_STUCK,
              EnumSet.of(ChangeItem.Kind.IMAGE, ChangeItem.Kind.PROBES, ChangeItem.Kind.RESOURCES));
  private static final Set<ChangeItem.Kind> ERROR_RATE_DEPENDS_ON =
      EnumSet.of(ChangeItem.Kind.IMAGE, ChangeItem.Kind.ENV, ChangeItem.Kind.CONFIG);
  private static final Set<ChangeItem.Kind> PER_CONTAINER =
      EnumSet.of(
          ChangeItem.Kind.IMAGE,
          ChangeItem.Kind.ENV,
          ChangeItem.Kind.RESOURCES,
          ChangeItem.Kind.PROBES);

  private final Duration window;
  private final Clock clock;

  /**
   * @param window how long before the failure a change can be its cause; use {@link
   *     GitOptions#lookback()} ({@code CHANGE_LOOKBACK}, default 24 h)
   */
  public ChangeCorrelator(Duration window, Clock clock) {
    this.window = Objects.requireNonNull(window, "window");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public ChangeCorrelator(Duration window) {
    this(window, Clock.systemUTC());
  }

  /**
   * The evidence with BAD_CHANGE findings added to the report of the source the change came from
   * (so {@code sources} is unchanged); the same evidence when no change lines up.
   */
  public Evidence apply(Evidence evidence) {
    List<Finding> extra =
        correlate(
            evidence.alert(), evidence.findings(), evidence.changes(), evidence::previousRevision);
    if (extra.isEmpty()) {
      return evidence;
    }
    String from = extra.getFirst().attributes().getOrDefault(ATTR_SOURCE, "git");
    List<SourceReport> reports = new ArrayList<>();
    for (SourceReport r : evidence.reports()) {
      if (r.source().equals(from)) {
        List<Finding> findings = new ArrayList<>(r.findings());
        findings.addAll(extra);
        r = r.withFindings(findings);
      }
      reports.add(r);
    }
    return new Evidence(evidence.alert(), reports);
  }

  /** Attribute naming where the blamed change came from ({@code git} or {@code argocd}). */
  public static final String ATTR_SOURCE = "change_source";

  /**
   * The BAD_CHANGE findings (none or one) for these failures and changes, without previous
   * revisions (see {@link #apply}, which takes them from the evidence).
   */
  public List<Finding> correlate(Alert alert, List<Finding> findings, List<Change> changes) {
    return correlate(alert, findings, changes, revision -> Optional.empty());
  }

  private List<Finding> correlate(
      Alert alert,
      List<Finding> findings,
      List<Change> changes,
      Function<String, Optional<String>> previous) {
    Instant failureStart = alert.startedAt() != null ? alert.startedAt() : clock.instant();
    List<Finding> failures =
        findings.stream()
            .filter(
                f ->
                    f.severity().compareTo(Severity.MEDIUM) <= 0
                        && DEPENDS_ON.containsKey(f.category()))
            .toList();
    boolean errorRate = errorRateAlert(alert);
    if (failures.isEmpty() && !errorRate) {
      return List.of();
    }
    List<Change> candidates =
        changes.stream()
            .filter(c -> SOURCES.contains(c.source()) && c.time() != null && c.revision() != null)
            .filter(
                c ->
                    !c.time().isAfter(failureStart)
                        && !c.time().isBefore(failureStart.minus(window)))
            .filter(c -> !revertedLater(c, changes) && !undoesEarlier(c, changes))
            .sorted(Comparator.comparing(Change::time).reversed())
            .toList();
    for (Change change : candidates) {
      List<ChangeItem> items = ChangeSummary.parse(change.summary());
      for (Finding failure : failures) {
        List<ChangeItem> matched = items.stream().filter(i -> relevant(i, failure)).toList();
        if (!matched.isEmpty()) {
          return List.of(
              blame(
                  change,
                  matched,
                  failure.category() + " (" + failure.message() + ")",
                  failureStart,
                  previous));
        }
      }
      if (errorRate) {
        List<ChangeItem> matched =
            items.stream().filter(i -> ERROR_RATE_DEPENDS_ON.contains(i.kind())).toList();
        if (!matched.isEmpty()) {
          return List.of(
              blame(
                  change,
                  matched,
                  "the alert " + Objects.requireNonNullElse(alert.reason(), "error rate"),
                  failureStart,
                  previous));
        }
      }
    }
    // An Argo CD deploy says which revision went out, not what it changed: it is blamed only when
    // no change with known contents explains the failure, and only for failures a deploy can cause.
    if (!failures.isEmpty()) {
      for (Change change : candidates) {
        if ("argocd".equals(change.source())) {
          Finding failure = failures.getFirst();
          return List.of(
              blame(
                  change,
                  ChangeSummary.parse(change.summary()),
                  failure.category() + " (" + failure.message() + ")",
                  failureStart,
                  previous));
        }
      }
    }
    return List.of();
  }

  /**
   * Whether a later change of the same source undid this one: every item with a known before and
   * after value set back (same kind and subject, from and to swapped), or a revert commit naming
   * its revision. A reverted change is not the cause, and rolling back to before the revert would
   * re-apply it.
   */
  static boolean revertedLater(Change change, List<Change> changes) {
    List<ChangeItem> items = changedItems(change);
    for (Change later : changes) {
      if (later == change
          || !later.source().equals(change.source())
          || later.time() == null
          || !later.time().isAfter(change.time())) {
        continue;
      }
      if (change.revision() != null
          && later.summary().contains("reverts commit " + change.revision())) {
        return true;
      }
      if (!items.isEmpty() && allSetBack(items, ChangeSummary.parse(later.summary()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether this change is itself a revert: a revert commit ({@code This reverts commit ...}), or
   * every item with a known before and after value sets back an earlier change of the same source.
   * It restores what ran before, so it is not the cause of a failure that outlives it (a pod stuck
   * on the reverted revision, say); blaming it would recommend rolling back to the bad change.
   */
  static boolean undoesEarlier(Change change, List<Change> changes) {
    if (change.summary() != null && change.summary().contains("This reverts commit ")) {
      return true;
    }
    List<ChangeItem> items = changedItems(change);
    if (items.isEmpty() || change.time() == null) {
      return false;
    }
    for (Change earlier : changes) {
      if (earlier == change
          || !earlier.source().equals(change.source())
          || earlier.time() == null
          || !earlier.time().isBefore(change.time())) {
        continue;
      }
      if (allSetBack(items, ChangeSummary.parse(earlier.summary()))) {
        return true;
      }
    }
    return false;
  }

  /** The items of a change's summary with a known before and after value that differ. */
  private static List<ChangeItem> changedItems(Change change) {
    return ChangeSummary.parse(change.summary()).stream()
        .filter(i -> i.from() != null && i.to() != null && !i.from().equals(i.to()))
        .toList();
  }

  /**
   * Whether each of {@code items} is set back by one of {@code others}: the same kind and subject,
   * with from and to swapped (whichever of the two changes came first).
   */
  private static boolean allSetBack(List<ChangeItem> items, List<ChangeItem> others) {
    return items.stream()
        .allMatch(
            i ->
                others.stream()
                    .anyMatch(
                        o ->
                            o.kind() == i.kind()
                                && Objects.equals(o.subject(), i.subject())
                                && i.to().equals(o.from())
                                && i.from().equals(o.to())));
  }

  private static boolean relevant(ChangeItem item, Finding failure) {
    if (!DEPENDS_ON.get(failure.category()).contains(item.kind())) {
      return false;
    }
    String container = failure.attributes().get(Finding.ATTR_CONTAINER);
    return !PER_CONTAINER.contains(item.kind())
        || container == null
        || item.subject() == null
        || container.equals(item.subject());
  }

  private static boolean errorRateAlert(Alert alert) {
    return alert.context().containsKey("error_rate")
        || (alert.reason() != null && ERROR_RATE.matcher(alert.reason()).matches())
        || (alert.summary() != null && ERROR_RATE.matcher(alert.summary()).matches());
  }

  private Finding blame(
      Change change,
      List<ChangeItem> matched,
      String failure,
      Instant failureStart,
      Function<String, Optional<String>> previous) {
    String shortId =
        change.revision().length() > 7 ? change.revision().substring(0, 7) : change.revision();
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put(Finding.ATTR_COMMIT, change.revision());
    attrs.put(ATTR_SOURCE, change.source());
    matched.stream()
        .filter(i -> i.kind() == ChangeItem.Kind.IMAGE && i.to() != null)
        .findFirst()
        .ifPresent(
            i -> {
              attrs.put(Finding.ATTR_IMAGE, i.to());
              if (i.subject() != null) {
                attrs.put(Finding.ATTR_CONTAINER, i.subject());
              }
            });
    if (change.source().equals("git")) {
      previous
          .apply(change.revision())
          .ifPresent(p -> attrs.put(Finding.ATTR_PREVIOUS_REVISION, p));
    }
    long minutes = Duration.between(change.time(), failureStart).toMinutes();
    String what = String.join("; ", matched.stream().map(ChangeItem::render).toList());
    String who = change.author() == null ? "" : " by " + change.author();
    List<String> evidence = new ArrayList<>();
    evidence.add(
        change.source()
            + " "
            + change.revision()
            + " at "
            + change.time()
            + who
            + ": "
            + change.summary());
    if (!change.files().isEmpty()) {
      evidence.add("files: " + String.join(", ", change.files()));
    }
    evidence.add("failure: " + failure);
    return new Finding(
        Category.BAD_CHANGE,
        Severity.HIGH,
        "Commit/" + shortId,
        (change.source().equals("git") ? "Commit " : "Argo CD deploy ")
            + shortId
            + who
            + ", "
            + minutes
            + " minute(s) before the failure began, changed "
            + what
            + ", which the failure depends on: "
            + failure
            + ".",
        evidence,
        attrs);
  }
}
