package io.autoagent.tools.remediation.action;

/**
 * The execution of one runbook action, implemented against the Kubernetes API or Argo CD. Every
 * shipped action is a {@link RegisteredAction}, which adds its spec and manifest edit; this
 * narrower view is what the engine runs (and what tests wrap to count or fail calls). There is no
 * shell: each action changes exactly the fields it documents, records their values before and
 * after, and says how to undo itself.
 *
 * <p>With {@link ActionContext#dryRun()} it computes the exact objects and field changes it would
 * make, sending them to the API server with {@code dryRun=All} when {@link
 * ActionContext#serverDryRun()} is set, and changes nothing. Expected failures (a refused eviction,
 * a bound exceeded, an object missing) are a {@link ActionResult#failed} result; a {@link
 * io.autoagent.core.RetriableException} means "could not tell", and the engine leaves the step to
 * be retried on redelivery. Implementations are stateless and thread-safe.
 */
public interface RemediationAction {

  /** The registry name, for example {@code scale_deployment}. */
  String name();

  ActionResult run(ActionContext ctx, Args args);
}
