package io.autoagent.guardian.sim;

/** Static provisioning. */
record FixedPolicy(int replicas) implements ScalingPolicy {

  @Override
  public String name() {
    return "fixed (" + replicas + " replicas)";
  }

  @Override
  public int initialReplicas() {
    return replicas;
  }

  @Override
  public int decide(SimObservation observation) {
    return replicas;
  }
}
