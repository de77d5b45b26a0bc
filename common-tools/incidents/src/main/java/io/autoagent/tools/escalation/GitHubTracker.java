package io.autoagent.tools.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GitHub Issues of one repository, found by label: the incident key is a label, so GitHub filters
 * and the pages hold only candidates. Thread-safe.
 */
public final class GitHubTracker implements TicketTracker, AutoCloseable {

  /** GitHub's largest page. */
  static final int PAGE_SIZE = 100;

  /**
   * The most pages one search reads (1,000 issues). A search runs inside one outbox delivery, whose
   * time is bounded, and a label on more than 1,000 open issues means dedupe broke long ago; the
   * first 1,000 (oldest first) still dedupe a repeat, and a healthy analysis closes them, the rest
   * at the next one. Reaching it is logged.
   */
  static final int MAX_PAGES = 10;

  private static final Logger log = LoggerFactory.getLogger(GitHubTracker.class);
  private static final Pattern LINK = Pattern.compile("<([^>]*)>([^<]*)");
  private static final Pattern REL_NEXT =
      Pattern.compile("(?i)\\brel\\s*=\\s*\"?[^\";,]*\\bnext\\b");

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
    this.http =
        new EscalationHttp(
            "GitHub",
            timeout,
            Map.of(
                "Authorization",
                "Bearer " + token,
                "Accept",
                "application/vnd.github+json",
                "X-GitHub-Api-Version",
                "2022-11-28"));
  }

  /**
   * Every page of the open issues with {@code label}, oldest first, following the {@code Link}
   * header's {@code rel="next"} (only on the API's own host: the token goes with it). Pull
   * requests, which GitHub's issues list also returns, are left out.
   */
  @Override
  public List<String> findOpen(String label) {
    HttpUrl url =
        HttpUrl.get(issues())
            .newBuilder()
            .addQueryParameter("labels", label)
            .addQueryParameter("state", "open")
            .addQueryParameter("sort", "created")
            .addQueryParameter("direction", "asc")
            .addQueryParameter("per_page", String.valueOf(PAGE_SIZE))
            .build();
    List<String> ids = new ArrayList<>();
    for (int page = 1; url != null; page++) {
      if (page > MAX_PAGES) {
        log.warn(
            "GitHub: more than {} pages of open issues labelled {} in {}; using the first {}",
            MAX_PAGES,
            label,
            repository,
            ids.size());
        break;
      }
      EscalationHttp.Answer answer = http.exchange("GET", url.toString(), null);
      for (JsonNode issue : answer.body()) {
        if (!issue.has("pull_request")) {
          ids.add(issue.path("number").asText());
        }
      }
      url = next(answer.headers().values("Link"));
    }
    return ids;
  }

  /** The {@code rel="next"} target of RFC 8288 {@code Link} headers, if it is on the API's host. */
  private HttpUrl next(List<String> links) {
    Matcher link = LINK.matcher(String.join(",", links));
    while (link.find()) {
      if (REL_NEXT.matcher(link.group(2)).find()) {
        HttpUrl next = HttpUrl.parse(link.group(1));
        HttpUrl api = HttpUrl.get(apiUrl);
        if (next != null
            && next.scheme().equals(api.scheme())
            && next.host().equals(api.host())
            && next.port() == api.port()) {
          return next;
        }
        log.warn("GitHub: not following a next page on another host: {}", link.group(1));
        return null;
      }
    }
    return null;
  }

  @Override
  public String open(String title, String body, List<String> labels) {
    ObjectNode issue = http.mapper().createObjectNode().put("title", title).put("body", body);
    labels.forEach(issue.putArray("labels")::add);
    return http.send("POST", issues(), issue).path("number").asText();
  }

  @Override
  public void comment(String ticket, String body) {
    http.send(
        "POST",
        issues() + "/" + ticket + "/comments",
        http.mapper().createObjectNode().put("body", body));
  }

  @Override
  public void close(String ticket, String body) {
    if (body != null) {
      comment(ticket, body);
    }
    http.send(
        "PATCH", issues() + "/" + ticket, http.mapper().createObjectNode().put("state", "closed"));
  }

  private String issues() {
    return apiUrl + "/repos/" + repository + "/issues";
  }

  @Override
  public void close() {
    http.close();
  }
}
