package io.autoagent.tools.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Ticket searches that span pages: GitHub's Link header and Jira's nextPageToken, played by
 * MockWebServer.
 */
class TicketPagingTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Escalation CRASH =
      new Escalation(
          Escalation.Kind.CRITICAL_FINDING,
          "a-1",
          "shop",
          "payments",
          "CRASH_LOOP",
          "payments restarts: exit 1",
          null,
          List.of());
  private static final String JIRA_AUTH = "Basic Ym90QGFjbWUuaW86anQ=";

  private final MockWebServer server = new MockWebServer();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

  @BeforeEach
  void start() throws Exception {
    server.start();
    logs.start();
    for (Class<?> type : List.of(GitHubTracker.class, JiraTracker.class)) {
      ((Logger) LoggerFactory.getLogger(type)).addAppender(logs);
    }
  }

  @AfterEach
  void stop() {
    for (Class<?> type : List.of(GitHubTracker.class, JiraTracker.class)) {
      ((Logger) LoggerFactory.getLogger(type)).detachAppender(logs);
    }
    server.close();
  }

  private GitHubTracker github() {
    return new GitHubTracker(
        server.url("/").toString(), "acme/ops", "ghp-test", Duration.ofSeconds(5));
  }

  private JiraTracker jira() {
    return new JiraTracker(
        server.url("/").toString(), "OPS", "bot@acme.io", "jt", Duration.ofSeconds(5));
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  /**
   * A page of GitHub's issues list, with the Link header GitHub sends (next page by repository id).
   */
  private MockResponse githubPage(String body, Integer next, int last) {
    String label = CRASH.incident().label().replace(":", "%3A");
    String base =
        server.url("/repositories/4711/issues").toString()
            + "?labels="
            + label
            + "&state=open&sort=created&direction=asc&per_page=100&page=";
    String link =
        next == null
            ? "<" + base + "1>; rel=\"first\", <" + base + (last - 1) + ">; rel=\"prev\""
            : "<" + base + next + ">; rel=\"next\", <" + base + last + ">; rel=\"last\"";
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .addHeader("Link", link)
        .body(body)
        .build();
  }

  private static void assertGitHubAuth(RecordedRequest request) {
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer ghp-test");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(request.getHeaders().get("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
  }

  private RecordedRequest next() throws InterruptedException {
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  private static JsonNode body(RecordedRequest request) throws Exception {
    return JSON.readTree(request.getBody().utf8());
  }

  @Test
  void commentsOnTheOpenGitHubIssueFoundOnPageTwo() throws Exception {
    // given: page 1 holds only pull requests carrying the label (GitHub lists them as issues), page
    // 2 the issue
    server.enqueue(
        githubPage(
            "[{\"number\":90,\"pull_request\":{\"url\":\"https://api.github.com/repos/acme/ops/pulls/90\"}},"
                + "{\"number\":91,\"pull_request\":{\"url\":\"https://api.github.com/repos/acme/ops/pulls/91\"}}]",
            2,
            2));
    server.enqueue(githubPage("[{\"number\":42,\"state\":\"open\"}]", null, 2));
    server.enqueue(json(201, "{\"id\":1}"));

    // when
    new Tickets(github()).raise(CRASH);

    // then: both pages read, the issue commented, no new issue
    RecordedRequest first = next();
    assertThat(first.getMethod()).isEqualTo("GET");
    assertThat(first.getUrl().encodedPath()).isEqualTo("/repos/acme/ops/issues");
    assertThat(first.getUrl().queryParameter("labels")).isEqualTo(CRASH.incident().label());
    assertThat(first.getUrl().queryParameter("state")).isEqualTo("open");
    assertThat(first.getUrl().queryParameter("per_page")).isEqualTo("100");
    assertThat(first.getUrl().queryParameter("sort")).isEqualTo("created");
    assertThat(first.getUrl().queryParameter("direction")).isEqualTo("asc");
    assertThat(first.getUrl().queryParameter("page")).isNull();
    assertGitHubAuth(first);
    RecordedRequest second = next();
    assertThat(second.getMethod()).isEqualTo("GET");
    assertThat(second.getUrl().encodedPath()).isEqualTo("/repositories/4711/issues");
    assertThat(second.getUrl().queryParameter("labels")).isEqualTo(CRASH.incident().label());
    assertThat(second.getUrl().queryParameter("page")).isEqualTo("2");
    assertGitHubAuth(second);
    RecordedRequest comment = next();
    assertThat(comment.getMethod()).isEqualTo("POST");
    assertThat(comment.getUrl().encodedPath()).isEqualTo("/repos/acme/ops/issues/42/comments");
    assertThat(body(comment).path("body").asText()).startsWith("Again: ").contains("a-1");
    assertGitHubAuth(comment);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void closesTheServicesOpenGitHubIssuesOnEveryPage() throws Exception {
    // given: one open issue of the service on each of three pages
    server.enqueue(githubPage("[{\"number\":7}]", 2, 3));
    server.enqueue(githubPage("[{\"number\":8}]", 3, 3));
    server.enqueue(githubPage("[{\"number\":9}]", null, 3));
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(201, "{}"));
      server.enqueue(json(200, "{\"state\":\"closed\"}"));
    }

    // when
    new Tickets(github()).resolve(CRASH.incident(), "a-2");

    // then
    assertThat(next().getUrl().queryParameter("labels")).isEqualTo(CRASH.incident().serviceLabel());
    assertThat(next().getUrl().queryParameter("page")).isEqualTo("2");
    assertThat(next().getUrl().queryParameter("page")).isEqualTo("3");
    for (int number : List.of(7, 8, 9)) {
      assertThat(next().getUrl().encodedPath())
          .isEqualTo("/repos/acme/ops/issues/" + number + "/comments");
      RecordedRequest close = next();
      assertThat(close.getMethod()).isEqualTo("PATCH");
      assertThat(close.getUrl().encodedPath()).isEqualTo("/repos/acme/ops/issues/" + number);
      assertThat(body(close).path("state").asText()).isEqualTo("closed");
    }
    assertThat(server.getRequestCount()).isEqualTo(9);
  }

  @Test
  void readsAtMostTenGitHubPagesAndSaysSo() throws Exception {
    // given: a label on more open issues than ten pages hold
    for (int page = 1; page <= GitHubTracker.MAX_PAGES + 1; page++) {
      server.enqueue(githubPage("[{\"number\":" + page + "}]", page + 1, 40));
    }

    // when
    List<String> open = github().findOpen(CRASH.incident().label());

    // then
    assertThat(open).hasSize(GitHubTracker.MAX_PAGES).startsWith("1").endsWith("10");
    assertThat(server.getRequestCount()).isEqualTo(GitHubTracker.MAX_PAGES);
    assertThat(logs.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage())
                  .contains("more than 10 pages", CRASH.incident().label(), "acme/ops");
            });
  }

  @Test
  void neverFollowsAGitHubNextPageToAnotherHost() throws Exception {
    // given: a next link that would carry the token elsewhere
    try (MockWebServer elsewhere = new MockWebServer()) {
      elsewhere.start();
      server.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "application/json")
              .addHeader("Link", "<" + elsewhere.url("/steal?page=2") + ">; rel=\"next\"")
              .body("[{\"number\":5}]")
              .build());

      // when
      List<String> open = github().findOpen(CRASH.incident().label());

      // then
      assertThat(open).containsExactly("5");
      assertThat(elsewhere.getRequestCount()).isZero();
      assertThat(logs.list)
          .anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("another host"));
    }
  }

  @Test
  void commentsOnTheOpenJiraIssueFoundOnPageTwo() throws Exception {
    // given: Jira may answer a page with fewer issues than asked, even none, and a token for more;
    // the last page has isLast and no token at all (JRACLOUD-92184)
    server.enqueue(json(200, "{\"issues\":[],\"nextPageToken\":\"CAEaAggD\",\"isLast\":false}"));
    server.enqueue(
        json(
            200,
            "{\"issues\":[{\"id\":\"10042\",\"key\":\"OPS-42\",\"fields\":{}}],\"isLast\":true}"));
    server.enqueue(json(201, "{\"id\":\"10100\"}"));

    // when
    new Tickets(jira()).raise(CRASH);

    // then
    RecordedRequest first = next();
    assertThat(first.getMethod()).isEqualTo("POST");
    assertThat(first.getUrl().encodedPath()).isEqualTo("/rest/api/2/search/jql");
    assertThat(first.getHeaders().get("Authorization")).isEqualTo(JIRA_AUTH);
    JsonNode search = body(first);
    assertThat(search.path("jql").asText())
        .isEqualTo(
            "project = \"OPS\" AND labels = \""
                + CRASH.incident().label()
                + "\" AND statusCategory != Done ORDER BY created ASC");
    assertThat(search.path("maxResults").asInt()).isEqualTo(100);
    assertThat(search.path("fields").toString()).isEqualTo("[\"key\"]");
    assertThat(search.has("nextPageToken")).isFalse();
    RecordedRequest second = next();
    assertThat(second.getUrl().encodedPath()).isEqualTo("/rest/api/2/search/jql");
    assertThat(second.getHeaders().get("Authorization")).isEqualTo(JIRA_AUTH);
    assertThat(body(second).path("nextPageToken").asText()).isEqualTo("CAEaAggD");
    assertThat(body(second).path("jql").asText()).isEqualTo(search.path("jql").asText());
    RecordedRequest comment = next();
    assertThat(comment.getMethod()).isEqualTo("POST");
    assertThat(comment.getUrl().encodedPath()).isEqualTo("/rest/api/2/issue/OPS-42/comment");
    assertThat(comment.getHeaders().get("Authorization")).isEqualTo(JIRA_AUTH);
    assertThat(body(comment).path("body").asText()).startsWith("Again: ");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void fallsBackToTheClassicSearchOnJiraDataCenterAndPagesByStartAt() throws Exception {
    // given a Jira Data Center: no enhanced search (404), the classic one pages by startAt/total
    server.enqueue(json(404, "{\"errorMessages\":[\"null for uri: /rest/api/2/search/jql\"]}"));
    server.enqueue(
        json(
            200,
            "{\"startAt\":0,\"maxResults\":100,\"total\":2,\"issues\":[{\"key\":\"OPS-7\"}]}"));
    server.enqueue(
        json(
            200,
            "{\"startAt\":1,\"maxResults\":100,\"total\":2,\"issues\":[{\"key\":\"OPS-8\"}]}"));
    server.enqueue(json(200, "{\"startAt\":0,\"maxResults\":100,\"total\":0,\"issues\":[]}"));
    JiraTracker tracker = jira();

    // when the tracker searches twice
    List<String> first = tracker.findOpen(CRASH.incident().label());
    List<String> second = tracker.findOpen("other-label");

    // then both pages were read, and the second search went straight to the classic endpoint
    assertThat(first).containsExactly("OPS-7", "OPS-8");
    assertThat(second).isEmpty();
    assertThat(next().getUrl().encodedPath()).isEqualTo("/rest/api/2/search/jql");
    RecordedRequest page1 = next();
    assertThat(page1.getMethod()).isEqualTo("POST");
    assertThat(page1.getUrl().encodedPath()).isEqualTo("/rest/api/2/search");
    assertThat(page1.getHeaders().get("Authorization")).isEqualTo(JIRA_AUTH);
    assertThat(body(page1).path("startAt").asInt()).isZero();
    assertThat(body(page1).path("maxResults").asInt()).isEqualTo(100);
    assertThat(body(page1).path("jql").asText())
        .contains("labels = \"" + CRASH.incident().label() + "\"");
    RecordedRequest page2 = next();
    assertThat(page2.getUrl().encodedPath()).isEqualTo("/rest/api/2/search");
    assertThat(body(page2).path("startAt").asInt()).isEqualTo(1);
    RecordedRequest again = next();
    assertThat(again.getUrl().encodedPath()).isEqualTo("/rest/api/2/search");
    assertThat(body(again).path("jql").asText()).contains("labels = \"other-label\"");
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void closesTheServicesOpenJiraIssuesOnEveryPage() throws Exception {
    // given: three pages of one issue each
    server.enqueue(
        json(200, "{\"issues\":[{\"key\":\"OPS-1\"}],\"nextPageToken\":\"p2\",\"isLast\":false}"));
    server.enqueue(
        json(200, "{\"issues\":[{\"key\":\"OPS-2\"}],\"nextPageToken\":\"p3\",\"isLast\":false}"));
    server.enqueue(json(200, "{\"issues\":[{\"key\":\"OPS-3\"}],\"isLast\":true}"));
    for (int i = 0; i < 3; i++) {
      server.enqueue(json(201, "{}"));
      server.enqueue(
          json(
              200,
              "{\"transitions\":[{\"id\":\"31\",\"to\":{\"statusCategory\":{\"key\":\"done\"}}}]}"));
      server.enqueue(new MockResponse.Builder().code(204).build());
    }

    // when
    new Tickets(jira()).resolve(CRASH.incident(), "a-3");

    // then
    assertThat(body(next()).path("jql").asText()).contains(CRASH.incident().serviceLabel());
    assertThat(body(next()).path("nextPageToken").asText()).isEqualTo("p2");
    assertThat(body(next()).path("nextPageToken").asText()).isEqualTo("p3");
    for (String key : List.of("OPS-1", "OPS-2", "OPS-3")) {
      assertThat(next().getUrl().encodedPath()).isEqualTo("/rest/api/2/issue/" + key + "/comment");
      assertThat(next().getUrl().encodedPath())
          .isEqualTo("/rest/api/2/issue/" + key + "/transitions");
      RecordedRequest transition = next();
      assertThat(transition.getMethod()).isEqualTo("POST");
      assertThat(body(transition).path("transition").path("id").asText()).isEqualTo("31");
    }
    assertThat(server.getRequestCount()).isEqualTo(12);
  }

  @Test
  void readsAtMostTenJiraPagesAndSaysSo() throws Exception {
    // given: a search that never reaches its last page
    for (int page = 1; page <= JiraTracker.MAX_PAGES + 1; page++) {
      server.enqueue(
          json(
              200,
              "{\"issues\":[{\"key\":\"OPS-"
                  + page
                  + "\"}],\"nextPageToken\":\"t"
                  + page
                  + "\",\"isLast\":false}"));
    }

    // when
    List<String> open = jira().findOpen(CRASH.incident().label());

    // then
    assertThat(open).hasSize(JiraTracker.MAX_PAGES).startsWith("OPS-1").endsWith("OPS-10");
    assertThat(server.getRequestCount()).isEqualTo(JiraTracker.MAX_PAGES);
    assertThat(logs.list)
        .anySatisfy(
            e -> {
              assertThat(e.getLevel()).isEqualTo(Level.WARN);
              assertThat(e.getFormattedMessage())
                  .contains("more than 10 pages", CRASH.incident().label(), "OPS");
            });
  }

  @Test
  void stopsAJiraSearchThatHandsBackTheTokenItWasSent() throws Exception {
    // given
    server.enqueue(
        json(
            200, "{\"issues\":[{\"key\":\"OPS-1\"}],\"nextPageToken\":\"same\",\"isLast\":false}"));
    server.enqueue(
        json(
            200, "{\"issues\":[{\"key\":\"OPS-2\"}],\"nextPageToken\":\"same\",\"isLast\":false}"));

    // when
    List<String> open = jira().findOpen(CRASH.incident().label());

    // then: two pages, not ten
    assertThat(open).containsExactly("OPS-1", "OPS-2");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(body(next()).has("nextPageToken")).isFalse();
    assertThat(body(next()).path("nextPageToken").asText()).isEqualTo("same");
  }
}
