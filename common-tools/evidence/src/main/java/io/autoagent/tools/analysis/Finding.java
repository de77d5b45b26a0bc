package io.autoagent.tools.analysis;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One thing a detector found, as it appears in {@code findings[]} of the analysis.
 *
 * @param category what kind of failure this is
 * @param severity how bad it is for the service
 * @param resource the object it is about, as {@code Kind/namespace/name} ({@code Kind/name} for
 *     cluster-scoped objects)
 * @param message one plain-language sentence a person can act on
 * @param evidence lines quoting the fields, events and log lines the finding relied on
 * @param attributes structured facts for runbook parameters, keyed by the {@code ATTR_*} names
 *     (published as {@code attributes}; extra fields are allowed by the contract)
 */
public record Finding(
    Category category,
    Severity severity,
    String resource,
    String message,
    List<String> evidence,
    Map<String, String> attributes) {

  public static final String ATTR_POD = "pod";
  public static final String ATTR_CONTAINER = "container";
  public static final String ATTR_NODE = "node";
  public static final String ATTR_IMAGE = "image";
  public static final String ATTR_EXIT_CODE = "exit_code";
  public static final String ATTR_RESTART_COUNT = "restart_count";

  /** Kubernetes quantity, for example {@code 256Mi}. */
  public static final String ATTR_MEMORY_REQUEST = "memory_request";

  /** Kubernetes quantity, for example {@code 512Mi}. */
  public static final String ATTR_MEMORY_LIMIT = "memory_limit";

  /** Highest observed memory use, Kubernetes quantity; only when metrics exist. */
  public static final String ATTR_MEMORY_PEAK = "memory_peak";

  public static final String ATTR_CONFIGMAP = "configmap";
  public static final String ATTR_SECRET = "secret";
  public static final String ATTR_KEY = "key";
  public static final String ATTR_QUOTA = "quota";
  public static final String ATTR_PREVIOUS_REVISION = "previous_revision";
  public static final String ATTR_ARGOCD_APPLICATION = "argocd_application";
  public static final String ATTR_COMMIT = "commit";

  public Finding {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(message, "message");
    evidence = evidence == null ? List.of() : List.copyOf(evidence);
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }

  public Finding(
      Category category,
      Severity severity,
      String resource,
      String message,
      List<String> evidence) {
    this(category, severity, resource, message, evidence, Map.of());
  }
}
