package io.autoagent.infra;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Diagnosis;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Plan;
import java.time.Duration;
import java.util.Objects;

/**
 * The last stage of the pipeline ({@code Evidence -> Diagnosis -> Plan -> IncidentReport}):
 * everything known about one analysed alert, from which the published documents are made ({@link
 * AnalysisDocuments}). Immutable; each stage only reads the ones before it.
 *
 * @param evidence what every source reported, Argo CD state and revisions included
 * @param diagnosis the verdict, or that the workload was not found
 * @param plan the runbooks that fit and the remediation decision
 * @param remediation what carrying out the decision did; {@link Remediation#NONE} until then
 * @param took how long the analysis took (evidence, diagnosis and plan)
 */
public record IncidentReport(
    Evidence evidence, Diagnosis diagnosis, Plan plan, Remediation remediation, Duration took) {

  public IncidentReport {
    Objects.requireNonNull(evidence, "evidence");
    Objects.requireNonNull(diagnosis, "diagnosis");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(remediation, "remediation");
    Objects.requireNonNull(took, "took");
  }

  /**
   * The analysis's {@code remediation} block.
   *
   * @param mode {@code none}, {@code dry_run}, {@code executed}, {@code gitops_pr} (a pull request
   *     opened, updated or queued), {@code awaiting_approval} or {@code denied}
   * @param executionId the execution, when one was started; may be null
   * @param detail what happened; may be null
   */
  public record Remediation(String mode, String executionId, String detail) {
    public static final Remediation NONE = new Remediation("none", null, null);

    public Remediation {
      Objects.requireNonNull(mode, "mode");
    }

    /** Nothing ran, for this reason. */
    public static Remediation none(String reason) {
      return new Remediation("none", null, reason);
    }
  }

  public Alert alert() {
    return evidence.alert();
  }

  /** {@code failed} when the workload was not found, else {@code partial} or {@code completed}. */
  public AnalysisStatus status() {
    return switch (diagnosis) {
      case Diagnosis.NotFound notFound -> AnalysisStatus.FAILED;
      case Diagnosis.Verdict verdict ->
          evidence.degraded() ? AnalysisStatus.PARTIAL : AnalysisStatus.COMPLETED;
    };
  }

  /** This report with what carrying out the plan did. */
  public IncidentReport withRemediation(Remediation done) {
    return new IncidentReport(evidence, diagnosis, plan, done, took);
  }
}
