package io.autoagent.infra.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.fabric8.mockwebserver.DefaultMockServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the agent's git and Argo CD evidence sources read in the suite: one git repository holding
 * every scenario's commits (in time order, with their dates), and one fake Argo CD API serving
 * every scenario's Applications. Scenarios keep to their own file paths and application names.
 */
final class ChangeSources {

  private static final Pattern AUTHOR = Pattern.compile("^(.*?)\\s*<([^>]+)>$");

  private record Dated(Instant at, String scenario, Scenario.Commit commit) {}

  private ChangeSources() {}

  /**
   * Writes every scenario's commits into a new repository {@code dir/gitops} with the {@code git}
   * command (JGit is not on this module's test classpath yet); null when no scenario has commits or
   * {@code git} is not installed.
   */
  static Path gitRepository(List<Scenario> scenarios, Path dir) {
    List<Dated> commits = new ArrayList<>();
    Map<String, String> pathOwners = new HashMap<>();
    for (Scenario s : scenarios) {
      for (Scenario.Commit c : s.git()) {
        commits.add(new Dated(Instant.parse(c.at()), s.name(), c));
        for (String file : c.files().keySet()) {
          String owner = pathOwners.putIfAbsent(file, s.name());
          if (owner != null && !owner.equals(s.name())) {
            throw new IllegalArgumentException(
                s.name() + ": git path " + file + " is already written by " + owner);
          }
        }
      }
    }
    if (commits.isEmpty()) {
      return null;
    }
    commits.sort(Comparator.comparing(Dated::at));
    try {
      Path repo = Files.createDirectories(dir.resolve("gitops"));
      if (!git(repo, null, "init", "-q", "-b", "main")) {
        return null;
      }
      for (Dated d : commits) {
        for (Map.Entry<String, String> file : d.commit().files().entrySet()) {
          Path target = repo.resolve(file.getKey());
          if (file.getValue() == null) {
            Files.deleteIfExists(target);
          } else {
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
          }
        }
        git(repo, null, "add", "-A");
        if (!git(repo, d, "commit", "-q", "--allow-empty", "-m", d.commit().message())) {
          throw new IllegalStateException("git commit failed for scenario " + d.scenario());
        }
      }
      return repo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean git(Path repo, Dated dated, String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-c", "commit.gpgsign=false"));
    command.addAll(List.of(args));
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    // never read or write the user's git configuration
    env.put("HOME", repo.getParent().toString());
    env.put("XDG_CONFIG_HOME", repo.getParent().toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    String[] author = author(dated == null ? "Eval <eval@example.com>" : dated.commit().author());
    env.put("GIT_AUTHOR_NAME", author[0]);
    env.put("GIT_AUTHOR_EMAIL", author[1]);
    env.put("GIT_COMMITTER_NAME", author[0]);
    env.put("GIT_COMMITTER_EMAIL", author[1]);
    if (dated != null) {
      env.put("GIT_AUTHOR_DATE", dated.at().toString());
      env.put("GIT_COMMITTER_DATE", dated.at().toString());
    }
    try {
      Process p = pb.start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String[] author(String text) {
    Matcher m = AUTHOR.matcher(text.trim());
    return m.matches()
        ? new String[] {m.group(1), m.group(2)}
        : new String[] {text.trim(), "dev@example.com"};
  }

  /**
   * A fake Argo CD API ({@code /api/v1/applications} and {@code /api/v1/applications/<name>})
   * serving every scenario's Applications; null when no scenario has any. The caller closes it.
   */
  static DefaultMockServer argoCd(List<Scenario> scenarios) {
    List<JsonNode> apps = scenarios.stream().flatMap(s -> s.argocd().stream()).toList();
    if (apps.isEmpty()) {
      return null;
    }
    DefaultMockServer server = new DefaultMockServer(false);
    ArrayNode items = JsonNodeFactory.instance.arrayNode();
    for (JsonNode app : apps) {
      String name = app.path("metadata").path("name").asText();
      server
          .expect()
          .get()
          .withPath("/api/v1/applications/" + name)
          .andReturn(200, app.toString())
          .always();
      items.add(app);
    }
    String list =
        JsonNodeFactory.instance
            .objectNode()
            .<com.fasterxml.jackson.databind.node.ObjectNode>set("items", items)
            .set("metadata", JsonNodeFactory.instance.objectNode())
            .toString();
    server.expect().get().withPath("/api/v1/applications").andReturn(200, list).always();
    server.start();
    return server;
  }
}
