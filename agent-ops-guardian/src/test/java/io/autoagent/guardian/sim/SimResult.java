package io.autoagent.guardian.sim;

/** One policy on one trace. */
record SimResult(
    String trace, String policy, double sloViolationMinutes, double replicaHours, int changes) {}
