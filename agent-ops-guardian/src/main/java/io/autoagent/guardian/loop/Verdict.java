package io.autoagent.guardian.loop;

import io.autoagent.guardian.decision.Decision;
import io.autoagent.guardian.events.DecisionOutcome;
import io.autoagent.guardian.signals.WorkloadRef;
import java.util.Objects;

/** One workload's decision in a cycle and what the runtime did with it. */
public record Verdict(WorkloadRef workload, Decision decision, DecisionOutcome outcome) {
  public Verdict {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(outcome, "outcome");
  }
}
