package io.autoagent.guardian.decision;

/** A target replica count before bounds, gates and damping, and what set it. */
record Proposal(int target, Decision.Basis basis, String reason, double confidence) {

  Proposal raiseTo(int value, Decision.Basis by, String why, double conf) {
    return value > target ? new Proposal(value, by, why, conf) : this;
  }
}
