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
  /** 1.1: a Service, endpoints, route, NetworkPolicy or DNS keeps traffic from the workload. */
  NETWORK,
  /** 1.1: a volume cannot be provisioned, attached or mounted, or is full. */
  STORAGE,
  /** 1.1: an admission webhook, policy engine or Pod Security admission refuses the pods. */
  ADMISSION_DENIED,
  /** 1.1: the workload is asked to run no pods (scaled to 0, a suspended CronJob). */
  SCALED_TO_ZERO,
  /** 1.1: something the workload depends on refuses, times out or rejects its credentials. */
  DEPENDENCY_FAILURE,
  /** 1.1: an expired, not yet valid or untrusted TLS certificate. */
  CERTIFICATE,
  HEALTHY,
  UNKNOWN
}
