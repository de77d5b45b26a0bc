package io.autoagent.tools.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.PermanentException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jira issues of one project (REST API v2, basic auth with a user and API token), found by label
 * with JQL. Jira Cloud answers through the enhanced search ({@code /rest/api/2/search/jql}, which
 * replaced its removed {@code /rest/api/2/search}); Jira Data Center and Server have only the
 * classic search, so a 404 from the enhanced one switches this tracker to {@code startAt} paging on
 * {@code /rest/api/2/search} for good. Closing applies the first transition into the "done" status
 * category. Labels may not contain spaces; ours do not. Thread-safe.
 */
public final class JiraTracker implements TicketTracker, AutoCloseable {

  /** Issues asked for per page; Jira may answer with fewer. */
  static final int PAGE_SIZE = 100;

  /**
   * The most pages one search reads (about 1,000 issues). A search runs inside one outbox delivery,
   * whose time is bounded, and a label on more than 1,000 open issues means dedupe broke long ago;
   * the first ones (oldest first) still dedupe a repeat, and a healthy analysis closes them, the
   * rest at the next one. Reaching it is logged.
   */
  static final int MAX_PAGES = 10;

  private static final Logger log = LoggerFactory.getLogger(JiraTracker.class);

  private final String baseUrl;
  private final String project;
  private final String issueType;
  private final EscalationHttp http;

  /** Set once the server turned out to lack the enhanced search (Data Center, Server). */
  private volatile boolean classicSearch;

  public JiraTracker(String baseUrl, String project, String user, String token, Duration timeout) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.project = project;
    this.issueType = "Task";
    String basic =
        Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    this.http = new EscalationHttp("Jira", timeout, Map.of("Authorization", "Basic " + basic));
  }

  /**
   * Every page of the project's not-done issues with {@code label}, oldest first: each answer's
   * {@code nextPageToken} is sent back until {@code isLast} (or no token, or the same token again).
   */
  @Override
  public List<String> findOpen(String label) {
    ObjectNode search =
        http.mapper()
            .createObjectNode()
            .put(
                "jql",
                "project = \""
                    + project
                    + "\" AND labels = \""
                    + label
                    + "\" AND statusCategory != Done"
                    + " ORDER BY created ASC")
            .put("maxResults", PAGE_SIZE);
    search.putArray("fields").add("key");
    if (classicSearch) {
      return findOpenClassic(search, label);
    }
    List<String> keys = new ArrayList<>();
    for (int page = 1; ; page++) {
      JsonNode answer =
          http.sendOrNullIfNotFound("POST", baseUrl + "/rest/api/2/search/jql", search);
      if (answer == null && page == 1) {
        log.info(
            "Jira at {} has no enhanced search (/rest/api/2/search/jql): using the classic search",
            baseUrl);
        classicSearch = true;
        return findOpenClassic(search, label);
      }
      if (answer == null) {
        throw new PermanentException(
            "Jira answered 404 to POST /rest/api/2/search/jql on page " + page);
      }
      for (JsonNode issue : answer.path("issues")) {
        keys.add(issue.path("key").asText());
      }
      // the last page may omit the token instead of sending null (JRACLOUD-92184)
      String next = answer.path("nextPageToken").textValue();
      if (answer.path("isLast").asBoolean(next == null)
          || next == null
          || next.equals(search.path("nextPageToken").textValue())) {
        return keys;
      }
      if (page == MAX_PAGES) {
        log.warn(
            "Jira: more than {} pages of open issues labelled {} in {}; using the first {}",
            MAX_PAGES,
            label,
            project,
            keys.size());
        return keys;
      }
      search.put("nextPageToken", next);
    }
  }

  /**
   * The classic search of Jira Data Center and Server: {@code startAt} advances by the issues
   * received until {@code total} is reached (or a page comes back empty), at most {@link
   * #MAX_PAGES}.
   */
  private List<String> findOpenClassic(ObjectNode enhanced, String label) {
    ObjectNode search = enhanced.deepCopy();
    search.remove("nextPageToken");
    List<String> keys = new ArrayList<>();
    for (int page = 1; ; page++) {
      search.put("startAt", keys.size());
      JsonNode answer = http.send("POST", baseUrl + "/rest/api/2/search", search);
      int received = 0;
      for (JsonNode issue : answer.path("issues")) {
        keys.add(issue.path("key").asText());
        received++;
      }
      if (received == 0 || keys.size() >= answer.path("total").asInt(0)) {
        return keys;
      }
      if (page == MAX_PAGES) {
        log.warn(
            "Jira: more than {} pages of open issues labelled {} in {}; using the first {}",
            MAX_PAGES,
            label,
            project,
            keys.size());
        return keys;
      }
    }
  }

  @Override
  public String open(String title, String body, List<String> labels) {
    ObjectNode issue = http.mapper().createObjectNode();
    ObjectNode fields = issue.putObject("fields");
    fields.putObject("project").put("key", project);
    fields.put("summary", title).put("description", body);
    fields.putObject("issuetype").put("name", issueType);
    labels.forEach(fields.putArray("labels")::add);
    return http.send("POST", baseUrl + "/rest/api/2/issue", issue).path("key").asText();
  }

  @Override
  public void comment(String ticket, String body) {
    http.send(
        "POST", issueUrl(ticket) + "/comment", http.mapper().createObjectNode().put("body", body));
  }

  @Override
  public void close(String ticket, String body) {
    if (body != null) {
      comment(ticket, body);
    }
    String transition = null;
    for (JsonNode t :
        http.send("GET", issueUrl(ticket) + "/transitions", null).path("transitions")) {
      if ("done"
          .equals(
              t.path("to").path("statusCategory").path("key").asText().toLowerCase(Locale.ROOT))) {
        transition = t.path("id").asText();
        break;
      }
    }
    if (transition == null) {
      throw new PermanentException("Jira offers no transition to done for " + ticket);
    }
    ObjectNode apply = http.mapper().createObjectNode();
    apply.putObject("transition").put("id", transition);
    http.send("POST", issueUrl(ticket) + "/transitions", apply);
  }

  private String issueUrl(String ticket) {
    return baseUrl + "/rest/api/2/issue/" + ticket;
  }

  @Override
  public void close() {
    http.close();
  }
}
