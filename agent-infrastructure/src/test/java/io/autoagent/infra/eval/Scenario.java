package io.autoagent.infra.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One incident of the evaluation suite, as read from {@code scenarios/<name>.yaml} (the format is
 * documented in {@code src/test/resources/scenarios/README.md}).
 *
 * @param name unique id, also the file name
 * @param description what happened, in an SRE's words
 * @param tags free labels such as {@code near-miss}, {@code stale}, {@code multi-failure}
 * @param requires evidence sources besides Kubernetes the expectation needs ({@code git}, {@code
 *     argocd}); the scenario is pending until the agent reports them {@code ok}
 * @param alert the native alert body, or null when {@code alertmanager} is given
 * @param alertmanager an Alertmanager webhook body (one firing alert), or null
 * @param cluster Kubernetes objects as {@code kubectl get -o yaml} prints them
 * @param logs previous-container logs, keyed {@code pod/container}
 * @param git commits of the service's manifests, oldest first
 * @param argocd Argo CD Applications as {@code GET /api/v1/applications/<name>} returns them
 * @param expect what a good SRE concludes
 */
record Scenario(
    String name,
    String description,
    Set<String> tags,
    Set<String> requires,
    ObjectNode alert,
    ObjectNode alertmanager,
    List<JsonNode> cluster,
    Map<String, String> logs,
    List<Commit> git,
    List<JsonNode> argocd,
    Expectation expect) {

  Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expect, "expect of " + name);
    if ((alert == null) == (alertmanager == null)) {
      throw new IllegalArgumentException(name + ": give exactly one of alert and alertmanager");
    }
    tags = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(tags));
    requires = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(requires));
    cluster = List.copyOf(cluster);
    logs = Map.copyOf(logs);
    git = List.copyOf(git);
    argocd = List.copyOf(argocd);
  }

  @Override
  public String toString() {
    return name;
  }

  /** The alerted namespace: each scenario owns one, so scenarios never see each other's objects. */
  String namespace() {
    return alert != null
        ? alert.path("namespace").asText()
        : firingAlert().path("labels").path("namespace").asText();
  }

  /**
   * The id the agent answers under: the body's {@code alert_id}, or Alertmanager's fingerprint
   * form.
   */
  String alertId() {
    if (alert != null) {
      return alert.path("alert_id").asText();
    }
    JsonNode firing = firingAlert();
    java.time.Instant startsAt = java.time.Instant.parse(firing.path("startsAt").asText());
    return firing.path("fingerprint").asText() + "-" + startsAt.getEpochSecond();
  }

  private JsonNode firingAlert() {
    for (JsonNode a : alertmanager.path("alerts")) {
      if (!"resolved".equals(a.path("status").asText())) {
        return a;
      }
    }
    throw new IllegalArgumentException(name + ": the Alertmanager body holds no firing alert");
  }

  /** One git commit: when, who, why, and the files it writes (null content deletes a file). */
  record Commit(String at, String author, String message, Map<String, String> files) {
    Commit {
      Objects.requireNonNull(at, "at");
      files = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(files));
    }
  }

  /**
   * What the analysis must say.
   *
   * @param status {@code completed}, {@code partial} or {@code failed}
   * @param rootCauses acceptable root-cause categories (usually one); empty when the analysis has
   *     none (failed)
   * @param runbook the first recommended runbook, or null to not check it
   * @param errorCode {@code error.code}, or null
   * @param mustFind findings that must appear
   * @param mustNotFind findings that must not appear
   */
  record Expectation(
      String status,
      List<String> rootCauses,
      String runbook,
      String errorCode,
      List<FindingMatch> mustFind,
      List<FindingMatch> mustNotFind) {
    Expectation {
      status = status == null ? "completed" : status;
      rootCauses = List.copyOf(rootCauses);
      mustFind = List.copyOf(mustFind);
      mustNotFind = List.copyOf(mustNotFind);
    }
  }

  /**
   * A finding pattern: the category and/or the resource ({@code Kind/namespace/name}; a trailing
   * {@code *} matches any suffix, for pods named by their ReplicaSet).
   */
  record FindingMatch(String category, String resource) {
    boolean matches(JsonNode finding) {
      boolean category =
          this.category == null || this.category.equals(finding.path("category").asText());
      String actual = finding.path("resource").asText();
      boolean resource =
          this.resource == null
              || (this.resource.endsWith("*")
                  ? actual.startsWith(this.resource.substring(0, this.resource.length() - 1))
                  : this.resource.equals(actual));
      return category && resource;
    }

    @Override
    public String toString() {
      return (category == null ? "*" : category) + (resource == null ? "" : " on " + resource);
    }
  }
}
