package io.autoagent.tools.remediation;

import java.util.List;
import java.util.Optional;

/**
 * The Argo CD operations runbooks use. The lead adapts {@code io.autoagent.tools.argocd} to this
 * port; {@link #UNAVAILABLE} answers when Argo CD is not configured, so Argo CD steps fail with a
 * clear error instead of doing anything.
 *
 * <p>Implementations map HTTP failures once: 5xx, timeouts and 429 as {@link
 * io.autoagent.core.RetriableException}, other 4xx as {@link io.autoagent.core.PermanentException}.
 */
public interface ArgoCdPort {

  /**
   * Syncs the application to {@code revision} (null: its tracked revision).
   *
   * @return a short description of what the sync did or, with {@code dryRun}, would do
   */
  String sync(String application, String revision, boolean prune, boolean dryRun);

  /** Rolls the application back to a history id. */
  String rollback(String application, long historyId, boolean dryRun);

  /** The application's state; empty when it does not exist. */
  Optional<AppState> state(String application);

  /**
   * Whether the application's desired manifests declare an object of {@code kind} (any kind when
   * null) named {@code name}; empty when the application does not exist or this port cannot list
   * what it manages.
   */
  default Optional<Boolean> manages(String application, String kind, String name) {
    return Optional.empty();
  }

  /**
   * @param currentHistoryId the history id of the last sync, for undoing a sync; null when none
   */
  record AppState(
      String syncStatus, String healthStatus, Long currentHistoryId, List<Long> historyIds) {
    public AppState {
      historyIds = historyIds == null ? List.of() : List.copyOf(historyIds);
    }
  }

  ArgoCdPort UNAVAILABLE =
      new ArgoCdPort() {
        @Override
        public String sync(String application, String revision, boolean prune, boolean dryRun) {
          throw new SystemUnavailableException(
              "Argo CD is not configured (ARGOCD_SERVER is unset)");
        }

        @Override
        public String rollback(String application, long historyId, boolean dryRun) {
          throw new SystemUnavailableException(
              "Argo CD is not configured (ARGOCD_SERVER is unset)");
        }

        @Override
        public Optional<AppState> state(String application) {
          throw new SystemUnavailableException(
              "Argo CD is not configured (ARGOCD_SERVER is unset)");
        }

        @Override
        public Optional<Boolean> manages(String application, String kind, String name) {
          throw new SystemUnavailableException(
              "Argo CD is not configured (ARGOCD_SERVER is unset)");
        }
      };
}
