package io.autoagent.tools.gitops;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PullRequestsErrorsTest {

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start(0);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private GitHubPullRequests github() {
    return new GitHubPullRequests(
        server.url("/").toString(), "acme/shop", "bad", Duration.ofSeconds(5));
  }

  @Test
  void throwsPermanentNamingTheTokenOn401() {
    server.enqueue(json(401, "{\"message\":\"Bad credentials\"}"));
    try (GitHubPullRequests prs = github()) {
      assertThatThrownBy(() -> prs.findOpen("autoagent/x"))
          .isInstanceOf(PermanentException.class)
          .hasMessageContaining("401")
          .hasMessageContaining("GITHUB_TOKEN")
          .hasMessageContaining("Bad credentials");
    }
  }

  @Test
  void throwsPermanentOn422ForAnExistingPullRequest() {
    server.enqueue(
        json(
            422,
            "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"PullRequest\","
                + "\"code\":\"custom\",\"message\":\"A pull request already exists for acme:autoagent/x.\"}]}"));
    try (GitHubPullRequests prs = github()) {
      assertThatThrownBy(() -> prs.create("autoagent/x", "main", "t", "b"))
          .isInstanceOf(PermanentException.class)
          .hasMessageContaining("422")
          .hasMessageContaining("A pull request already exists for acme:autoagent/x.");
    }
  }

  @Test
  void throwsPermanentOn409FromGitLab() {
    server.enqueue(
        json(
            409,
            "{\"message\":[\"Another open merge request already exists for this source branch: !3\"]}"));
    try (GitLabMergeRequests mrs =
        new GitLabMergeRequests(server.url("/").toString(), "42", "t", Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> mrs.create("autoagent/x", "main", "t", "b"))
          .isInstanceOf(PermanentException.class)
          .hasMessageContaining("409")
          .hasMessageContaining("Another open merge request");
    }
  }

  @Test
  void throwsRetriableOnAnExhaustedRateLimitAndOn502() {
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .addHeader("x-ratelimit-remaining", "0")
            .body("{}")
            .build());
    server.enqueue(json(502, "{}"));
    try (GitHubPullRequests prs = github()) {
      assertThatThrownBy(() -> prs.findOpen("b"))
          .isInstanceOf(RetriableException.class)
          .hasMessageContaining("rate limited");
      assertThatThrownBy(() -> prs.findOpen("b"))
          .isInstanceOf(RetriableException.class)
          .hasMessageContaining("502");
    }
  }
}
