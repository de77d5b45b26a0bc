package io.autoagent.tools.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@link PullRequests} on GitLab's REST API: {@code GET/POST /api/v4/projects/{id}/merge_requests}
 * and {@code PUT .../merge_requests/{iid}}, with a {@code PRIVATE-TOKEN} header.
 */
public final class GitLabMergeRequests implements PullRequests {

  private final ForgeHttp http;
  private final String requests;

  /**
   * @param apiUrl the GitLab host ({@code https://gitlab.com}); a trailing {@code /api/v4} is
   *     accepted
   * @param projectId the numeric id or the {@code group/project} path
   */
  public GitLabMergeRequests(String apiUrl, String projectId, String token, Duration timeout) {
    this.http =
        new ForgeHttp(
            new ForgeErrors("GitLab", GitOpsOptions.GITLAB_TOKEN),
            apiUrl.replaceAll("/+$", "").replaceAll("/api/v4$", ""),
            Map.of("PRIVATE-TOKEN", token),
            timeout);
    this.requests =
        "/api/v4/projects/"
            + URLEncoder.encode(projectId, StandardCharsets.UTF_8)
            + "/merge_requests";
  }

  @Override
  public Optional<PullRequest> findOpen(String branch) {
    JsonNode list =
        http.send("GET", requests, Map.of("source_branch", branch, "state", "opened"), null);
    return list.isArray() && !list.isEmpty() ? Optional.of(of(list.get(0))) : Optional.empty();
  }

  @Override
  public PullRequest create(String branch, String base, String title, String body) {
    return of(
        http.send(
            "POST",
            requests,
            Map.of(),
            http.object()
                .put("source_branch", branch)
                .put("target_branch", base)
                .put("title", title)
                .put("description", body)));
  }

  @Override
  public PullRequest update(PullRequest existing, String title, String body) {
    return of(
        http.send(
            "PUT",
            requests + "/" + existing.number(),
            Map.of(),
            http.object().put("title", title).put("description", body)));
  }

  private static PullRequest of(JsonNode mr) {
    return new PullRequest(mr.path("iid").asLong(), mr.path("web_url").asText());
  }

  @Override
  public void close() {
    http.close();
  }
}
