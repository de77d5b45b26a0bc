package io.autoagent.infra.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads scenario files: replaces the relative times ({@code ${now}}, {@code ${now-10m}}, {@code
 * ${now+1h}}, units s, m, h, d) with RFC 3339 instants, then parses the YAML.
 */
final class ScenarioLoader {

  /** Where the suite's own scenarios live on the test classpath. */
  static final String RESOURCE_DIR = "scenarios";

  private static final Pattern NOW = Pattern.compile("\\$\\{now(?:\\s*([+-])\\s*(\\d+)([smhd]))?}");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Instant now;

  ScenarioLoader(Instant now) {
    this.now = now.truncatedTo(ChronoUnit.SECONDS);
  }

  /** The suite's scenarios from the test classpath, by file name. */
  List<Scenario> loadBundled() {
    URL url = ScenarioLoader.class.getClassLoader().getResource(RESOURCE_DIR);
    if (url == null) {
      throw new IllegalStateException("no " + RESOURCE_DIR + "/ directory on the test classpath");
    }
    try {
      return loadDirectory(Path.of(url.toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every {@code *.yaml} / {@code *.yml} file of a directory, by file name. */
  List<Scenario> loadDirectory(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Scenario> scenarios = new ArrayList<>();
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
              .sorted()
              .toList()) {
        scenarios.add(load(file));
      }
      return scenarios;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Scenario load(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.getFileName().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read scenario " + file, e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "scenario " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** Replaces {@code ${now...}} with instants relative to the suite's start. */
  String resolveTimes(String text) {
    Matcher m = NOW.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Instant at = now;
      if (m.group(1) != null) {
        Duration d = Duration.of(Long.parseLong(m.group(2)), unit(m.group(3)));
        at = m.group(1).equals("-") ? now.minus(d) : now.plus(d);
      }
      m.appendReplacement(out, at.toString());
    }
    m.appendTail(out);
    return out.toString();
  }

  private static ChronoUnit unit(String u) {
    return switch (u) {
      case "s" -> ChronoUnit.SECONDS;
      case "m" -> ChronoUnit.MINUTES;
      case "h" -> ChronoUnit.HOURS;
      default -> ChronoUnit.DAYS;
    };
  }

  Scenario parse(String text, String fileName) throws IOException {
    JsonNode root = YAML.readTree(resolveTimes(text));
    String name = root.path("name").asText(fileName.replaceFirst("\\.ya?ml$", ""));
    ObjectNode alert = root.hasNonNull("alert") ? (ObjectNode) root.get("alert").deepCopy() : null;
    if (alert != null && !alert.hasNonNull("alert_id")) {
      alert.put("alert_id", "eval-" + name);
    }
    ObjectNode alertmanager =
        root.hasNonNull("alertmanager") ? (ObjectNode) root.get("alertmanager").deepCopy() : null;
    Map<String, String> logs = new LinkedHashMap<>();
    root.path("logs").properties().forEach(e -> logs.put(e.getKey(), e.getValue().asText()));
    // current logs of running (Ready) containers ride along under a prefix the seeder understands
    root.path("current_logs")
        .properties()
        .forEach(
            e -> logs.put(ClusterSeeder.CURRENT_LOG_PREFIX + e.getKey(), e.getValue().asText()));
    return new Scenario(
        name,
        root.path("description").asText(""),
        strings(root.path("tags")),
        strings(root.path("requires")),
        alert,
        alertmanager,
        objects(root.path("cluster")),
        logs,
        commits(root.path("git")),
        applications(root.path("argocd")),
        expectation(root.path("expect")));
  }

  /** Objects from a multi-document YAML string, a list, or {@code kind: List} documents. */
  static List<JsonNode> objects(JsonNode cluster) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    if (cluster.isTextual()) {
      try (MappingIterator<JsonNode> it =
          YAML.readerFor(JsonNode.class).readValues(cluster.asText())) {
        while (it.hasNext()) {
          docs.add(it.next());
        }
      }
    } else if (cluster.isArray()) {
      cluster.forEach(docs::add);
    } else if (!cluster.isMissingNode() && !cluster.isNull()) {
      docs.add(cluster);
    }
    List<JsonNode> objects = new ArrayList<>();
    for (JsonNode doc : docs) {
      if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
        continue;
      }
      if (doc.path("kind").asText().endsWith("List") && doc.has("items")) {
        doc.path("items").forEach(objects::add);
      } else {
        objects.add(doc);
      }
    }
    return objects;
  }

  private static List<Scenario.Commit> commits(JsonNode git) {
    List<Scenario.Commit> commits = new ArrayList<>();
    for (JsonNode c : git.path("commits")) {
      Map<String, String> files = new LinkedHashMap<>();
      String base = git.path("path").asText("");
      c.path("files")
          .properties()
          .forEach(
              e ->
                  files.put(
                      base.isEmpty() ? e.getKey() : base + "/" + e.getKey(),
                      e.getValue().isNull() ? null : e.getValue().asText()));
      commits.add(
          new Scenario.Commit(
              c.path("at").asText(),
              c.path("author").asText("Dev <dev@example.com>"),
              c.path("message").asText("update"),
              files));
    }
    return commits;
  }

  private static List<JsonNode> applications(JsonNode argocd) {
    List<JsonNode> apps = new ArrayList<>();
    argocd.path("applications").forEach(apps::add);
    return apps;
  }

  private static Scenario.Expectation expectation(JsonNode e) {
    if (e.isMissingNode()) {
      throw new IllegalArgumentException("expect is required");
    }
    List<String> causes = new ArrayList<>();
    JsonNode rc = e.path("root_cause");
    if (rc.isArray()) {
      rc.forEach(c -> causes.add(c.asText()));
    } else if (rc.isTextual()) {
      causes.add(rc.asText());
    }
    return new Scenario.Expectation(
        e.path("status").asText(null),
        causes,
        e.path("runbook").asText(null),
        e.path("error").path("code").asText(null),
        matches(e.path("findings").path("include")),
        matches(e.path("findings").path("exclude")));
  }

  private static List<Scenario.FindingMatch> matches(JsonNode list) {
    List<Scenario.FindingMatch> out = new ArrayList<>();
    for (JsonNode m : list) {
      out.add(
          new Scenario.FindingMatch(
              m.path("category").asText(null), m.path("resource").asText(null)));
    }
    return out;
  }

  private static Set<String> strings(JsonNode node) {
    Set<String> out = new LinkedHashSet<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }
}
