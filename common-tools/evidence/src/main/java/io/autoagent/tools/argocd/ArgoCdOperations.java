package io.autoagent.tools.argocd;

import java.util.Optional;

/**
 * The Argo CD operations the remediation engine may run. Implemented by {@link ArgoCdClient}.
 *
 * <p>Thread-safe. Failures are mapped once, by HTTP status: {@link
 * io.autoagent.core.RetriableException} for timeouts, connection errors, 429 and 5xx (after the
 * client's own retries); {@link io.autoagent.core.PermanentException} for 401, 403, 404 and other
 * 4xx, including Argo CD refusing a rollback while auto-sync is on or another operation runs. Each
 * message names the server, the request and the status.
 */
public interface ArgoCdOperations {

  /**
   * Syncs {@code app} ({@code POST /api/v1/applications/{name}/sync}), without pruning.
   *
   * @param revision git revision to sync to; null for the application's target revision
   * @param dryRun ask Argo CD to validate only
   * @return the application as Argo CD answered, with the operation it started
   */
  ArgoCdApplication sync(String app, String revision, boolean dryRun);

  /**
   * Rolls {@code app} back to {@code status.history[].id == historyId} ({@code POST
   * /api/v1/applications/{name}/rollback}, body {@code {"id": N}}).
   */
  ArgoCdApplication rollback(String app, long historyId, boolean dryRun);

  /** The application, or empty when Argo CD has none of that name. */
  Optional<ArgoCdApplication> application(String app);
}
