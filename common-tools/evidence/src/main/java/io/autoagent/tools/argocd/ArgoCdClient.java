package io.autoagent.tools.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Argo CD's REST API ({@code /api/v1}), as far as the agent uses it: applications, their resource
 * trees and managed resources, sync and rollback. Thread-safe; close it to release connections.
 * Failures are {@link io.autoagent.core.RetriableException} or {@link
 * io.autoagent.core.PermanentException}, as {@link ArgoCdOperations} describes.
 */
public final class ArgoCdClient implements ArgoCdOperations, AutoCloseable {

  private static final String APPS = "/api/v1/applications";
  private final ArgoCdHttp http;
  private final ObjectMapper mapper = new ObjectMapper();

  public ArgoCdClient(ArgoCdOptions options) {
    this.http = new ArgoCdHttp(Objects.requireNonNull(options, "options"));
  }

  public String server() {
    return http.server();
  }

  @Override
  public Optional<ArgoCdApplication> application(String app) {
    return http.getIfExists(APPS + "/" + segment(app), Map.of()).map(Applications::parse);
  }

  /** Every application the account may see ({@code GET /api/v1/applications}). */
  public List<ArgoCdApplication> applications() {
    List<ArgoCdApplication> out = new ArrayList<>();
    for (JsonNode item : http.get(APPS, Map.of()).path("items")) {
      out.add(Applications.parse(item));
    }
    return out;
  }

  /** Whether the application's resource tree holds {@code kind namespace/name}. */
  public boolean treeContains(String app, String kind, String namespace, String name) {
    for (JsonNode node :
        http.get(APPS + "/" + segment(app) + "/resource-tree", Map.of()).path("nodes")) {
      if (kind.equals(node.path("kind").asText())
          && name.equals(node.path("name").asText())
          && namespace.equals(node.path("namespace").asText(namespace))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Target (from git) and live state of one managed object ({@code GET
   * /api/v1/applications/{name}/managed-resources}); empty when the application does not manage it.
   */
  public Optional<ManagedState> managedState(
      String app, String kind, String namespace, String name) {
    JsonNode items =
        http.get(
                APPS + "/" + segment(app) + "/managed-resources",
                Map.of("kind", kind, "namespace", namespace, "name", name))
            .path("items");
    for (JsonNode item : items) {
      if (kind.equals(item.path("kind").asText()) && name.equals(item.path("name").asText())) {
        return Optional.of(
            new ManagedState(json(item.path("targetState")), json(item.path("liveState"))));
      }
    }
    return Optional.empty();
  }

  /** An object's target and live manifests; either may be a missing node when Argo CD has none. */
  public record ManagedState(JsonNode target, JsonNode live) {}

  @Override
  public ArgoCdApplication sync(String app, String revision, boolean dryRun) {
    ObjectNode body =
        mapper.createObjectNode().put("name", app).put("dryRun", dryRun).put("prune", false);
    if (revision != null) {
      body.put("revision", revision);
    }
    return Applications.parse(http.post(APPS + "/" + segment(app) + "/sync", body));
  }

  @Override
  public ArgoCdApplication rollback(String app, long historyId, boolean dryRun) {
    ObjectNode body =
        mapper.createObjectNode().put("name", app).put("id", historyId).put("dryRun", dryRun);
    return Applications.parse(http.post(APPS + "/" + segment(app) + "/rollback", body));
  }

  private JsonNode json(JsonNode text) {
    try {
      return text.isTextual() && !text.asText().isBlank()
          ? mapper.readTree(text.asText())
          : mapper.missingNode();
    } catch (java.io.IOException e) {
      return mapper.missingNode();
    }
  }

  private static String segment(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Override
  public void close() {
    http.close();
  }
}
