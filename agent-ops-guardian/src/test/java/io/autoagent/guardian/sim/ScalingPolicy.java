package io.autoagent.guardian.sim;

/** A policy under evaluation: given last minute's metrics, the replicas wanted now. */
interface ScalingPolicy {

  String name();

  int initialReplicas();

  int decide(SimObservation observation);
}
