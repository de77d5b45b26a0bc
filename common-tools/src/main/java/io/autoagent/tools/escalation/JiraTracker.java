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

/**
 * Jira issues of one project (REST API v2, basic auth with a user and API token), found by label
 * with JQL. Closing applies the first transition into the "done" status category. Labels may not
 * contain spaces; ours do not. Thread-safe.
 */
public final class JiraTracker implements TicketTracker, AutoCloseable {

  private final String baseUrl;
  private final String project;
  private final String issueType;
  private final EscalationHttp http;

  public JiraTracker(String baseUrl, String project, String user, String token, Duration timeout) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.project = project;
    this.issueType = "Task";
    String basic = Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
    this.http = new EscalationHttp("Jira", timeout, Map.of("Authorization", "Basic " + basic));
  }

  @Override
  public List<String> findOpen(String label) {
    ObjectNode search = http.mapper().createObjectNode()
        .put("jql", "project = \"" + project + "\" AND labels = \"" + label + "\" AND statusCategory != Done")
        .put("maxResults", 20);
    search.putArray("fields").add("key");
    List<String> keys = new ArrayList<>();
    for (JsonNode issue : http.send("POST", baseUrl + "/rest/api/2/search", search).path("issues")) {
      keys.add(issue.path("key").asText());
    }
    return keys;
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
    http.send("POST", issueUrl(ticket) + "/comment", http.mapper().createObjectNode().put("body", body));
  }

  @Override
  public void close(String ticket, String body) {
    if (body != null) {
      comment(ticket, body);
    }
    String transition = null;
    for (JsonNode t : http.send("GET", issueUrl(ticket) + "/transitions", null).path("transitions")) {
      if ("done".equals(t.path("to").path("statusCategory").path("key").asText().toLowerCase(Locale.ROOT))) {
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
