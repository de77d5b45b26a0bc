package io.autoagent.tools.escalation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ticket dedupe against GitHub Issues and Jira, played by MockWebServer. */
class TicketsTest {

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

  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GitHubTracker github() {
    return new GitHubTracker(
        server.url("/").toString(), "acme/ops", "ghp-test", Duration.ofSeconds(5));
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static JsonNode body(RecordedRequest request) throws Exception {
    return JSON.readTree(request.getBody().utf8());
  }

  @Test
  void opensOneGitHubIssueLabelledWithTheIncidentKey() throws Exception {
    // given no open issue
    server.enqueue(json(200, "[]"));
    server.enqueue(json(201, "{\"number\":7}"));

    // when
    new Tickets(github()).raise(CRASH);

    // then
    RecordedRequest search = server.takeRequest();
    assertThat(search.getMethod()).isEqualTo("GET");
    assertThat(search.getUrl().encodedPath()).isEqualTo("/repos/acme/ops/issues");
    assertThat(search.getUrl().queryParameter("labels")).isEqualTo(CRASH.incident().label());
    assertThat(search.getUrl().queryParameter("state")).isEqualTo("open");
    assertThat(search.getHeaders().get("Authorization")).isEqualTo("Bearer ghp-test");
    RecordedRequest create = server.takeRequest();
    assertThat(create.getMethod()).isEqualTo("POST");
    assertThat(create.getUrl().encodedPath()).isEqualTo("/repos/acme/ops/issues");
    JsonNode issue = body(create);
    assertThat(issue.path("title").asText()).contains("CRASH_LOOP", "shop/payments");
    assertThat(issue.path("body").asText()).contains("a-1", "exit 1");
    assertThat(issue.path("labels").toString())
        .contains(CRASH.incident().label(), CRASH.incident().serviceLabel());
    assertThat(CRASH.incident().label()).matches("autoagent-incident:[0-9a-f]{12}");
  }

  @Test
  void commentsOnTheOpenGitHubIssueWhenTheIncidentRepeats() throws Exception {
    // given issue 7 is open for the incident
    server.enqueue(json(200, "[{\"number\":7,\"state\":\"open\"}]"));
    server.enqueue(json(201, "{\"id\":1}"));

    // when
    new Tickets(github()).raise(CRASH);

    // then a comment and no second issue
    server.takeRequest();
    RecordedRequest comment = server.takeRequest();
    assertThat(comment.getMethod()).isEqualTo("POST");
    assertThat(comment.getUrl().encodedPath()).isEqualTo("/repos/acme/ops/issues/7/comments");
    assertThat(body(comment).path("body").asText()).contains("a-1");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void closesTheServicesOpenGitHubIssuesOnAHealthyAnalysis() throws Exception {
    // given issue 7 is open for the service
    server.enqueue(json(200, "[{\"number\":7}]"));
    server.enqueue(json(201, "{}"));
    server.enqueue(json(200, "{\"number\":7,\"state\":\"closed\"}"));

    // when
    new Tickets(github()).resolve(new IncidentKey("shop", "payments", "HEALTHY"), "a-2");

    // then
    RecordedRequest search = server.takeRequest();
    assertThat(search.getUrl().queryParameter("labels")).isEqualTo(CRASH.incident().serviceLabel());
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/repos/acme/ops/issues/7/comments");
    RecordedRequest close = server.takeRequest();
    assertThat(close.getMethod()).isEqualTo("PATCH");
    assertThat(close.getUrl().encodedPath()).isEqualTo("/repos/acme/ops/issues/7");
    assertThat(body(close).path("state").asText()).isEqualTo("closed");
  }

  @Test
  void opensThenCommentsThenTransitionsAJiraIssueToDone() throws Exception {
    // given a Jira project OPS with no open issue for the incident
    JiraTracker jira =
        new JiraTracker(
            server.url("/").toString(), "OPS", "bot@acme.io", "jt", Duration.ofSeconds(5));
    Tickets tickets = new Tickets(jira);
    server.enqueue(json(200, "{\"issues\":[],\"isLast\":true}"));
    server.enqueue(json(201, "{\"key\":\"OPS-3\"}"));
    server.enqueue(json(200, "{\"issues\":[{\"key\":\"OPS-3\"}],\"isLast\":true}"));
    server.enqueue(json(201, "{}"));
    server.enqueue(json(200, "{\"issues\":[{\"key\":\"OPS-3\"}],\"isLast\":true}"));
    server.enqueue(json(201, "{}"));
    server.enqueue(
        json(
            200,
            "{\"transitions\":[{\"id\":\"11\",\"to\":{\"statusCategory\":{\"key\":\"indeterminate\"}}},"
                + "{\"id\":\"31\",\"to\":{\"statusCategory\":{\"key\":\"done\"}}}]}"));
    server.enqueue(new MockResponse.Builder().code(204).build());

    // when raised twice, then resolved
    tickets.raise(CRASH);
    tickets.raise(CRASH);
    tickets.resolve(CRASH.incident(), "a-9");

    // then
    RecordedRequest search = server.takeRequest();
    assertThat(search.getMethod()).isEqualTo("POST");
    assertThat(search.getUrl().encodedPath()).isEqualTo("/rest/api/2/search/jql");
    assertThat(search.getHeaders().get("Authorization")).isEqualTo("Basic Ym90QGFjbWUuaW86anQ=");
    assertThat(body(search).path("jql").asText())
        .contains(
            "project = \"OPS\"",
            "labels = \"" + CRASH.incident().label() + "\"",
            "statusCategory != Done");
    RecordedRequest create = server.takeRequest();
    assertThat(create.getUrl().encodedPath()).isEqualTo("/rest/api/2/issue");
    JsonNode fields = body(create).path("fields");
    assertThat(fields.path("project").path("key").asText()).isEqualTo("OPS");
    assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Task");
    assertThat(fields.path("labels").toString()).contains(CRASH.incident().label());
    server.takeRequest();
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/rest/api/2/issue/OPS-3/comment");
    assertThat(body(server.takeRequest()).path("jql").asText())
        .contains(CRASH.incident().serviceLabel());
    assertThat(server.takeRequest().getUrl().encodedPath())
        .isEqualTo("/rest/api/2/issue/OPS-3/comment");
    assertThat(server.takeRequest().getMethod()).isEqualTo("GET");
    RecordedRequest transition = server.takeRequest();
    assertThat(transition.getUrl().encodedPath()).isEqualTo("/rest/api/2/issue/OPS-3/transitions");
    assertThat(body(transition).path("transition").path("id").asText()).isEqualTo("31");
    assertThat(server.getRequestCount()).isEqualTo(8);
  }

  @Test
  void logsNoOpenedTicketWhenNoTrackerIsConfigured() {
    // given TICKETS_PROVIDER=none and a log listener
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
        new ch.qos.logback.core.read.ListAppender<>();
    logs.start();
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Tickets.class);
    logger.addAppender(logs);
    try {
      // when
      new Tickets(TicketTracker.NONE).raise(CRASH);
      new Tickets(TicketTracker.NONE).resolve(CRASH.incident(), "a-2");
    } finally {
      logger.detachAppender(logs);
    }

    // then
    assertThat(logs.list)
        .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .noneMatch(
            m ->
                m.contains("Opened ticket")
                    || m.contains("Commented on ticket")
                    || m.contains("Closed ticket"));
    assertThat(server.getRequestCount()).isZero();
  }
}
