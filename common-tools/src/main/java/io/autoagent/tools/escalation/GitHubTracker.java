package io.autoagent.tools.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/** GitHub Issues of one repository, found by label. Thread-safe. */
public final class GitHubTracker implements TicketTracker, AutoCloseable {

  private final String apiUrl;
  private final String repository;
  private final EscalationHttp http;

  /**
   * @param apiUrl {@code https://api.github.com} or a GitHub Enterprise API root
   * @param repository {@code owner/name}
   */
  public GitHubTracker(String apiUrl, String repository, String token, Duration timeout) {
    this.apiUrl = apiUrl.replaceAll("/+$", "");
    this.repository = repository;
    this.http = new EscalationHttp("GitHub", timeout, Map.of("Authorization", "Bearer " + token,
        "Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28"));
  }

  @Override
  public List<String> findOpen(String label) {
    String url = HttpUrl.get(issues()).newBuilder().addQueryParameter("labels", label)
        .addQueryParameter("state", "open").build().toString();
    List<String> ids = new ArrayList<>();
    for (JsonNode issue : http.send("GET", url, null)) {
      ids.add(issue.path("number").asText());
    }
    return ids;
  }

  @Override
  public String open(String title, String body, List<String> labels) {
    ObjectNode issue = http.mapper().createObjectNode().put("title", title).put("body", body);
    labels.forEach(issue.putArray("labels")::add);
    return http.send("POST", issues(), issue).path("number").asText();
  }

  @Override
  public void comment(String ticket, String body) {
    http.send("POST", issues() + "/" + ticket + "/comments", http.mapper().createObjectNode().put("body", body));
  }

  @Override
  public void close(String ticket, String body) {
    if (body != null) {
      comment(ticket, body);
    }
    http.send("PATCH", issues() + "/" + ticket, http.mapper().createObjectNode().put("state", "closed"));
  }

  private String issues() {
    return apiUrl + "/repos/" + repository + "/issues";
  }

  @Override
  public void close() {
    http.close();
  }
}
