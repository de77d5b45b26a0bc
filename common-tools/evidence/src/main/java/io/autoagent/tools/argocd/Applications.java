package io.autoagent.tools.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads {@link ArgoCdApplication} from Argo CD's {@code v1alpha1Application} JSON. */
final class Applications {

  private Applications() {}

  static ArgoCdApplication parse(JsonNode app) {
    JsonNode spec = app.path("spec");
    JsonNode status = app.path("status");
    JsonNode op = status.path("operationState");
    List<ArgoCdApplication.HistoryEntry> history = new ArrayList<>();
    for (JsonNode h : status.path("history")) {
      JsonNode by = h.path("initiatedBy");
      history.add(
          new ArgoCdApplication.HistoryEntry(
              h.path("id").asLong(),
              h.path("revision").isTextual()
                  ? h.path("revision").asText()
                  : firstText(h.path("revisions")),
              time(h.path("deployedAt")),
              by.path("automated").asBoolean(false) ? "automated" : text(by.path("username"))));
    }
    history.sort(Comparator.comparingLong(ArgoCdApplication.HistoryEntry::id));
    List<ArgoCdApplication.Resource> resources = new ArrayList<>();
    for (JsonNode r : status.path("resources")) {
      resources.add(
          new ArgoCdApplication.Resource(
              text(r.path("kind")),
              text(r.path("namespace")),
              text(r.path("name")),
              text(r.path("health").path("status"))));
    }
    String path = text(spec.path("source").path("path"));
    if (path == null) {
      for (JsonNode s : spec.path("sources")) {
        path = path == null ? text(s.path("path")) : path;
      }
    }
    return new ArgoCdApplication(
        app.path("metadata").path("name").asText(),
        text(spec.path("destination").path("namespace")),
        path,
        spec.path("syncPolicy").path("automated").isObject(),
        text(status.path("sync").path("status")),
        text(status.path("sync").path("revision")),
        text(status.path("health").path("status")),
        text(status.path("health").path("message")),
        text(op.path("phase")),
        text(op.path("message")),
        time(op.path("finishedAt")),
        history,
        resources);
  }

  private static String text(JsonNode node) {
    return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
  }

  private static String firstText(JsonNode array) {
    return array.isArray() && !array.isEmpty() ? text(array.get(0)) : null;
  }

  static Instant time(JsonNode node) {
    try {
      return node.isTextual() ? Instant.parse(node.asText()) : null;
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
