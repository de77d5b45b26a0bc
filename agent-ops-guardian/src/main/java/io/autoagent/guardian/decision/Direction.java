package io.autoagent.guardian.decision;

/** What the reactive rules ask for. */
public enum Direction {
  UP,
  DOWN,
  STEADY
}
