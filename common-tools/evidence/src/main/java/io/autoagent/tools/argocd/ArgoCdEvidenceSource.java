package io.autoagent.tools.argocd;

import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.EvidenceSource;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.drift.Drift;
import io.autoagent.tools.drift.WorkloadSpec;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evidence from Argo CD: the Application managing the service (the one the live workload's tracking
 * annotation names, see {@link ApplicationHints}; by name, by the {@code
 * app.kubernetes.io/instance} label on the alert, by {@code status.resources}, else by a
 * resource-tree entry for the Deployment), its sync status, health and last operation, its deploy
 * history as {@code changes[]}, SYNC_FAILED when the last operation failed or the application is
 * Degraded, and CONFIG_DRIFT from its managed-resources target and live states when it is
 * OutOfSync.
 *
 * <p>An unreachable or failing server (after the client's retries) answers unavailable; refused
 * credentials answer error; a service no application manages answers skipped. The report carries
 * the application's {@link io.autoagent.tools.analysis.SyncState} for the deployment document. It
 * keeps no state between analyses; which application manages a workload at runbook-request time is
 * {@link ArgoCdWorkloads}'s question. Thread-safe.
 */
public final class ArgoCdEvidenceSource implements EvidenceSource {

  public static final String NAME = "argocd";
  private static final Logger log = LoggerFactory.getLogger(ArgoCdEvidenceSource.class);
  private static final int MAX_TREES = 10;
  private static final List<String> APP_LABELS =
      List.of("argocd_application", "app_kubernetes_io_instance", "app.kubernetes.io/instance");

  private final ArgoCdClient client;
  private final ArgoCdOptions options;
  private final Clock clock;
  private final ApplicationHints hints;
  private volatile boolean reachable = true;

  /** Owns {@code client}: closing the source closes it. */
  public ArgoCdEvidenceSource(ArgoCdClient client, ArgoCdOptions options) {
    this(client, options, Clock.systemUTC());
  }

  /**
   * Owns {@code client}. {@code hints} names the application the live workload's tracking
   * annotation points at, which is asked for first.
   */
  public ArgoCdEvidenceSource(ArgoCdClient client, ArgoCdOptions options, ApplicationHints hints) {
    this(client, options, Clock.systemUTC(), hints);
  }

  ArgoCdEvidenceSource(ArgoCdClient client, ArgoCdOptions options, Clock clock) {
    this(client, options, clock, ApplicationHints.NONE);
  }

  ArgoCdEvidenceSource(
      ArgoCdClient client, ArgoCdOptions options, Clock clock, ApplicationHints hints) {
    this.hints = Objects.requireNonNull(hints, "hints");
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public SourceReport collect(Alert alert) {
    try {
      SourceReport report = collectNow(alert);
      reachable = true;
      return report;
    } catch (RetriableException e) {
      reachable = false;
      log.warn(
          "Argo CD unavailable for {}/{}: {}", alert.namespace(), alert.service(), e.getMessage());
      return SourceReport.unavailable(NAME, e.getMessage());
    } catch (PermanentException e) {
      log.warn(
          "Argo CD refused a request for {}/{}: {}",
          alert.namespace(),
          alert.service(),
          e.getMessage());
      return SourceReport.error(NAME, e.getMessage());
    }
  }

  private SourceReport collectNow(Alert alert) {
    Optional<ArgoCdApplication> found = find(alert);
    if (found.isEmpty()) {
      return SourceReport.skipped(
          NAME,
          "no Argo CD application at "
              + client.server()
              + " manages "
              + alert.namespace()
              + "/"
              + alert.service());
    }
    ArgoCdApplication app = found.get();
    List<Finding> findings = new ArrayList<>();
    syncFailed(app).ifPresent(findings::add);
    if ("OutOfSync".equals(app.syncStatus())) {
      // Drift is extra detail: a failed lookup must not throw away the sync and health evidence.
      try {
        drift(app, alert).ifPresent(findings::add);
      } catch (PermanentException e) {
        log.warn("No drift detail for {}: {}", app.name(), e.getMessage());
      }
    }
    // The deployment document takes Argo CD's state from the evidence, never from this source.
    return SourceReport.ok(NAME, findings, changes(app, alert), null)
        .withSync(ArgoCdState.of(app).toSync());
  }

  private Optional<ArgoCdApplication> find(Alert alert) {
    List<String> names =
        Stream.concat(
                Stream.concat(
                    hints.applicationOf(alert.namespace(), alert.service()).stream(),
                    Stream.of(alert.service())),
                APP_LABELS.stream().map(alert.labels()::get).filter(Objects::nonNull))
            .distinct()
            .toList();
    for (String name : names) {
      Optional<ArgoCdApplication> app = client.application(name);
      if (app.isPresent()) {
        return app;
      }
    }
    List<ArgoCdApplication> all = client.applications();
    Optional<ArgoCdApplication> managing =
        ArgoCdWorkloads.managing(all, alert.namespace(), alert.service());
    if (managing.isPresent()) {
      return managing;
    }
    return all.stream()
        .filter(a -> alert.namespace().equals(a.destinationNamespace()))
        .limit(MAX_TREES)
        .filter(
            a -> client.treeContains(a.name(), "Deployment", alert.namespace(), alert.service()))
        .findFirst();
  }

  static Optional<Finding> syncFailed(ArgoCdApplication app) {
    if (!app.failing()) {
      return Optional.empty();
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put(Finding.ATTR_ARGOCD_APPLICATION, app.name());
    // sync-argocd-application rolls back to the history id from before its own sync: the current
    // one
    app.current().ifPresent(h -> attrs.put(Finding.ATTR_PREVIOUS_REVISION, String.valueOf(h.id())));
    List<String> evidence = new ArrayList<>();
    evidence.add(
        "status.sync.status: "
            + app.syncStatus()
            + ", status.health.status: "
            + app.health()
            + (app.healthMessage() == null ? "" : " (" + app.healthMessage() + ")"));
    if (app.operationPhase() != null) {
      evidence.add(
          "status.operationState.phase: "
              + app.operationPhase()
              + (app.operationMessage() == null ? "" : ", message: " + app.operationMessage())
              + (app.operationFinishedAt() == null
                  ? ""
                  : ", finished " + app.operationFinishedAt()));
    }
    boolean opFailed =
        "Failed".equals(app.operationPhase()) || "Error".equals(app.operationPhase());
    String message =
        "Argo CD application "
            + app.name()
            + (opFailed
                ? " failed its last sync"
                    + (app.operationMessage() == null ? "" : ": " + app.operationMessage())
                : " is Degraded" + (app.healthMessage() == null ? "" : ": " + app.healthMessage()))
            + ".";
    return Optional.of(
        new Finding(
            Category.SYNC_FAILED,
            Severity.HIGH,
            "Application/" + app.name(),
            message,
            evidence,
            attrs));
  }

  private Optional<Finding> drift(ArgoCdApplication app, Alert alert) {
    for (String kind : List.of("Deployment", "StatefulSet")) {
      Optional<ArgoCdClient.ManagedState> state =
          client.managedState(app.name(), kind, alert.namespace(), alert.service());
      if (state.isEmpty()) {
        continue;
      }
      Optional<WorkloadSpec> target = WorkloadSpec.fromManifest(state.get().target());
      Optional<WorkloadSpec> live = WorkloadSpec.fromManifest(state.get().live());
      if (target.isPresent() && live.isPresent()) {
        boolean hpa =
            app.resources().stream().anyMatch(r -> "HorizontalPodAutoscaler".equals(r.kind()));
        return Drift.finding(
                live.get(),
                alert.namespace(),
                Drift.compare(target.get(), live.get(), hpa),
                "Argo CD application " + app.name() + "'s target state")
            .map(
                f ->
                    new Finding(
                        f.category(),
                        f.severity(),
                        f.resource(),
                        f.message(),
                        f.evidence(),
                        withApp(f.attributes(), app.name())));
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> withApp(Map<String, String> attrs, String app) {
    Map<String, String> out = new LinkedHashMap<>(attrs);
    out.put(Finding.ATTR_ARGOCD_APPLICATION, app);
    return out;
  }

  /** History entries deployed within the lookback before the alert, newest first. */
  private List<Change> changes(ArgoCdApplication app, Alert alert) {
    Instant until = alert.startedAt() != null ? alert.startedAt() : clock.instant();
    Instant since = until.minus(options.lookback());
    List<Change> out = new ArrayList<>();
    List<ArgoCdApplication.HistoryEntry> history = app.history();
    for (int i = history.size() - 1; i >= 0; i--) {
      ArgoCdApplication.HistoryEntry h = history.get(i);
      if (h.deployedAt() == null
          || h.deployedAt().isAfter(until)
          || h.deployedAt().isBefore(since)) {
        continue;
      }
      String before =
          i > 0
              ? " (previously history "
                  + history.get(i - 1).id()
                  + ": "
                  + shortRev(history.get(i - 1).revision())
                  + ")"
              : "";
      out.add(
          new Change(
              NAME,
              h.revision(),
              h.initiatedBy(),
              h.deployedAt(),
              "deploy "
                  + app.name()
                  + " history "
                  + h.id()
                  + ": revision "
                  + shortRev(h.revision())
                  + before,
              List.of()));
    }
    return out;
  }

  private static String shortRev(String revision) {
    return revision == null ? "-" : revision.length() > 7 ? revision.substring(0, 7) : revision;
  }

  /** Whether the last collection reached Argo CD. */
  @Override
  public boolean healthy() {
    return reachable;
  }

  @Override
  public void close() {
    client.close();
  }
}
