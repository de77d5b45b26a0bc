package io.autoagent.tools.analysis;

/**
 * Root-cause categories of the wire contract ({@code root_cause.category}, {@code
 * findings[].category}). The enum constant names are the wire values.
 */
public enum Category {
  CRASH_LOOP,
  OOM_KILLED,
  IMAGE_PULL,
  CONFIG_ERROR,
  UNSCHEDULABLE,
  NODE_PRESSURE,
  PROBE_FAILURE,
  ROLLOUT_STUCK,
  BAD_CHANGE,
  CONFIG_DRIFT,
  SYNC_FAILED,
  QUOTA_EXCEEDED,
  RESOURCE_SATURATION,
  HEALTHY,
  UNKNOWN
}
