package io.autoagent.tools.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.AgentException;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place forge failures become exceptions: by HTTP status (and GitHub's rate-limit header),
 * never by message text. 5xx, 429 and an exhausted rate limit are retriable; 401, 403, 404, 409,
 * 422 and other 4xx are permanent. Messages name the forge, the request, the status, a hint and the
 * forge's own {@code message}/{@code errors[].message}.
 *
 * @param forge {@code GitHub} or {@code GitLab}
 * @param tokenVariable the variable holding the token, named in the 401 hint
 */
record ForgeErrors(String forge, String tokenVariable) {

  private static final ObjectMapper JSON = new ObjectMapper();

  AgentException ofStatus(
      String server, String request, int status, Map<String, List<String>> headers, String body) {
    boolean rateLimited =
        status == 429
            || (status == 403 && List.of("0").equals(header(headers, "x-ratelimit-remaining")));
    String hint =
        rateLimited
            ? ": rate limited"
            : switch (status) {
              case 401 -> ": the token was refused (check " + tokenVariable + ")";
              case 403 -> ": the token may not do this (check its scopes)";
              case 404 ->
                  ": not found (check the repository or project, and that the token can see it)";
              case 409, 422 ->
                  ": the request was refused (an open request for this branch may already exist)";
              default -> "";
            };
    String detail = detail(body);
    String message =
        forge
            + " at "
            + server
            + " answered "
            + status
            + " to "
            + request
            + hint
            + (detail == null ? "" : " (" + detail + ")");
    return rateLimited || status >= 500
        ? new RetriableException(message)
        : new PermanentException(message);
  }

  private static List<String> header(Map<String, List<String>> headers, String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(List.of());
  }

  private static String detail(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      List<String> parts = new ArrayList<>();
      JsonNode message = node.path("message");
      if (message.isTextual()) {
        parts.add(message.asText());
      } else if (message.isArray()) {
        message.forEach(m -> parts.add(m.asText()));
      }
      node.path("errors")
          .forEach(e -> parts.add(e.isTextual() ? e.asText() : e.path("message").asText("")));
      if (node.path("error").isTextual()) {
        parts.add(node.path("error").asText());
      }
      String joined = String.join("; ", parts.stream().filter(p -> !p.isBlank()).toList());
      return joined.isBlank() ? null : joined;
    } catch (IOException e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }
}
