package io.autoagent.tools.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@link PullRequests} on GitHub's REST API: {@code GET/POST /repos/{owner}/{repo}/pulls} and
 * {@code PATCH /repos/{owner}/{repo}/pulls/{number}}, with a bearer token.
 */
public final class GitHubPullRequests implements PullRequests {

  private final ForgeHttp http;
  private final String owner;
  private final String pulls;

  /**
   * @param apiUrl {@code https://api.github.com}, or {@code https://host/api/v3} for GitHub
   *     Enterprise
   * @param repository {@code owner/repo}
   */
  public GitHubPullRequests(String apiUrl, String repository, String token, Duration timeout) {
    this.http =
        new ForgeHttp(
            new ForgeErrors("GitHub", GitOpsOptions.GITHUB_TOKEN),
            apiUrl,
            Map.of(
                "Authorization",
                "Bearer " + token,
                "Accept",
                "application/vnd.github+json",
                "X-GitHub-Api-Version",
                "2022-11-28"),
            timeout);
    this.owner = repository.substring(0, repository.indexOf('/'));
    this.pulls = "/repos/" + repository + "/pulls";
  }

  @Override
  public Optional<PullRequest> findOpen(String branch) {
    JsonNode list =
        http.send("GET", pulls, Map.of("head", owner + ":" + branch, "state", "open"), null);
    return list.isArray() && !list.isEmpty() ? Optional.of(of(list.get(0))) : Optional.empty();
  }

  @Override
  public PullRequest create(String branch, String base, String title, String body) {
    return of(
        http.send(
            "POST",
            pulls,
            Map.of(),
            http.object()
                .put("title", title)
                .put("head", branch)
                .put("base", base)
                .put("body", body)));
  }

  @Override
  public PullRequest update(PullRequest existing, String title, String body) {
    return of(
        http.send(
            "PATCH",
            pulls + "/" + existing.number(),
            Map.of(),
            http.object().put("title", title).put("body", body)));
  }

  private static PullRequest of(JsonNode pr) {
    return new PullRequest(pr.path("number").asLong(), pr.path("html_url").asText());
  }

  @Override
  public void close() {
    http.close();
  }
}
