package io.autoagent.tools.drift;

import io.autoagent.tools.analysis.WorkloadState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rollback feasibility from the three places a previous version lives: Argo CD's history, the
 * manifests' previous git revision, and the Deployment's previous ReplicaSet. Pure; thread-safe.
 *
 * <p>{@link WorkloadState.Rollback#toRevision()} names where to go back to, by mechanism: the bare
 * Deployment revision number ({@code 3}) for a Deployment rollback, {@code argocd-history/<id>} for
 * an Argo CD rollback, {@code git/<commit>} for a revert in git. Only the bare number is a valid
 * {@code rollback-deployment} parameter, which is why the other two carry a prefix.
 */
public final class Rollbacks {

  private Rollbacks() {}

  /** What is known of a previous version's health. */
  public enum Health {
    /** It ran (or deployed) without failing. */
    HEALTHY,
    /** It failed too: rolling back to it would not help. */
    FAILED,
    UNKNOWN
  }

  /**
   * A previous version.
   *
   * @param revision Argo CD history id, git commit, or Deployment revision
   * @param health what is known of it
   * @param detail one clause on where this comes from, quoted in the reason
   */
  public record Previous(String revision, Health health, String detail) {
    public Previous {
      Objects.requireNonNull(revision, "revision");
      health = Objects.requireNonNullElse(health, Health.UNKNOWN);
      detail = Objects.requireNonNullElse(detail, "");
    }
  }

  /**
   * Combines the three into one verdict.
   *
   * @param argoCd the previous Argo CD history entry; empty when Argo CD does not manage the
   *     service or keeps no earlier entry
   * @param argoAutoSync whether the application syncs automatically: Argo CD refuses a rollback
   *     then, and would undo a Deployment rollback with self-heal
   * @param git the previous git revision of the service's manifests
   * @param replicaSet the Deployment's previous ReplicaSet revision
   */
  public static WorkloadState.Rollback assess(
      Optional<Previous> argoCd,
      boolean argoAutoSync,
      Optional<Previous> git,
      Optional<Previous> replicaSet) {
    List<String> notes = new ArrayList<>();
    Optional<Previous> argoOk = usable("Argo CD history entry", argoCd, notes);
    Optional<Previous> gitOk = usable("git revision", git, notes);
    Optional<Previous> rsOk = usable("ReplicaSet revision", replicaSet, notes);
    if (argoCd.isPresent() && argoAutoSync) {
      notes.add(
          "Argo CD auto-sync is on, so Argo CD refuses a rollback and would undo a Deployment rollback");
      if (gitOk.isPresent()) {
        return feasible(
            "git/" + gitOk.get().revision(),
            "Revert the manifests in git to " + gitOk.get().revision() + describe(gitOk.get()),
            notes);
      }
      return notFeasible(notes);
    }
    if (argoOk.isPresent()) {
      return feasible(
          "argocd-history/" + argoOk.get().revision(),
          "Roll the Argo CD application back to history entry "
              + argoOk.get().revision()
              + describe(argoOk.get()),
          notes);
    }
    if (rsOk.isPresent()) {
      return feasible(
          rsOk.get().revision(),
          "Roll the Deployment back to revision " + rsOk.get().revision() + describe(rsOk.get()),
          notes);
    }
    if (gitOk.isPresent()) {
      return feasible(
          "git/" + gitOk.get().revision(),
          "Revert the manifests in git to " + gitOk.get().revision() + describe(gitOk.get()),
          notes);
    }
    return notFeasible(notes);
  }

  private static Optional<Previous> usable(
      String what, Optional<Previous> candidate, List<String> notes) {
    if (candidate.isPresent() && candidate.get().health() == Health.FAILED) {
      notes.add(
          "the previous "
              + what
              + " "
              + candidate.get().revision()
              + " failed too"
              + describe(candidate.get()));
      return Optional.empty();
    }
    return candidate;
  }

  private static String describe(Previous p) {
    return (p.detail().isEmpty() ? "" : " (" + p.detail() + ")")
        + (p.health() == Health.UNKNOWN ? ", whose health is not known" : "");
  }

  private static WorkloadState.Rollback feasible(String to, String how, List<String> notes) {
    return new WorkloadState.Rollback(
        true, to, how + (notes.isEmpty() ? "." : "; " + String.join("; ", notes) + "."));
  }

  private static WorkloadState.Rollback notFeasible(List<String> notes) {
    return new WorkloadState.Rollback(
        false,
        null,
        notes.isEmpty()
            ? "No previous revision is known in Argo CD, git or the Deployment's ReplicaSets."
            : "Not feasible: " + String.join("; ", notes) + ".");
  }
}
