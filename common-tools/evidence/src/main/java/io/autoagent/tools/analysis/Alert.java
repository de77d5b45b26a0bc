package io.autoagent.tools.analysis;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One alert to analyse, normalised from the native alert or one firing alert of an Alertmanager
 * webhook body ({@code alert.schema.json}).
 *
 * @param alertId id of the alert, never null (made deterministically when the sender gave none)
 * @param correlationId copied from the request, never null (made when absent)
 * @param service the alerted workload
 * @param namespace its namespace
 * @param severity may be null when the sender did not say
 * @param reason short machine reason, for example {@code CrashLoopBackOff}; may be null
 * @param summary free text; may be null
 * @param startedAt when the alert started firing; may be null
 * @param mode analyze only, or remediate when policy allows
 */
public record Alert(
    String alertId,
    String correlationId,
    String service,
    String namespace,
    Severity severity,
    String reason,
    String summary,
    Map<String, String> labels,
    Map<String, String> annotations,
    Instant startedAt,
    Map<String, Object> context,
    Mode mode) {

  /** What the sender asks the agent to do with the alert. */
  public enum Mode {
    ANALYZE,
    REMEDIATE
  }

  public Alert {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(namespace, "namespace");
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    context = context == null ? Map.of() : Map.copyOf(context);
    mode = mode == null ? Mode.ANALYZE : mode;
  }
}
