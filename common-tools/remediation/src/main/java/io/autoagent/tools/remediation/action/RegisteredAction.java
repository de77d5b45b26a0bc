package io.autoagent.tools.remediation.action;

import io.autoagent.core.PermanentException;
import io.autoagent.tools.gitops.FieldEdit;
import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.autoagent.tools.runbook.ActionSpec;
import java.util.Map;

/**
 * One runbook action, whole: its {@link ActionSpec} (name, arguments, bounds), its execution and
 * undo ({@link #run}, whose result says how to undo it), and what it means for a workload's
 * manifest when the change goes through git instead ({@link #manifestEffect}, {@link
 * #manifestEdit}). {@link Actions#standardList()} lists every one once; the registry, the engine
 * and the GitOps proposals all read them from there. Stateless and thread-safe.
 */
public interface RegisteredAction extends RemediationAction {

  /** What a live run of the action does to what a workload's manifest declares. */
  enum ManifestEffect {
    /** Nothing a manifest declares (restarts, evictions, nodes, quotas, Argo CD, waits, events). */
    NONE,
    /** One field a {@link FieldEdit} expresses ({@link #manifestEdit}). */
    EDIT,
    /** The declared spec, in a way no field edit expresses (a rollback to an older template). */
    INEXPRESSIBLE
  }

  /**
   * What a proposal knows besides the step's rendered arguments.
   *
   * @param runbookId the runbook, for error messages
   * @param stepName the step, for error messages
   * @param params the runbook's resolved parameters ({@code current_memory_limit} and others)
   * @param limits the policy's bounds, held as the live action holds them
   */
  record Proposal(
      String runbookId, String stepName, Map<String, Object> params, PolicyLimits limits) {
    public Proposal {
      params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
  }

  ActionSpec spec();

  @Override
  default String name() {
    return spec().name();
  }

  default ManifestEffect manifestEffect() {
    return ManifestEffect.NONE;
  }

  /**
   * The manifest edit that proposes this step through git, held to the same bounds as a live run.
   *
   * @throws PermanentException when the step cannot be proposed (a value outside the bounds)
   */
  default FieldEdit manifestEdit(Args args, Proposal proposal) {
    throw new PermanentException(
        "step " + proposal.stepName() + ": " + name() + " changes no field of a manifest");
  }
}
