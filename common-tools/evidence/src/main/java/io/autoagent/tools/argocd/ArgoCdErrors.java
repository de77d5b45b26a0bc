package io.autoagent.tools.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.AgentException;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import java.io.IOException;

/**
 * The one place Argo CD failures become exceptions: by HTTP status, never by message text. 5xx and
 * 429 and I/O errors are retriable; 401, 403, 404 and other 4xx are permanent. Every message names
 * the server, the request and the status, plus Argo CD's own {@code message} when its error body
 * ({@code {"error", "code", "message"}}) has one.
 */
final class ArgoCdErrors {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ArgoCdErrors() {}

  static boolean retriable(int status) {
    return status == 429 || status >= 500;
  }

  static AgentException ofStatus(String server, String request, int status, String body) {
    String detail = message(body);
    String base = "Argo CD at " + server + " answered " + status + " to " + request;
    String hint =
        switch (status) {
          case 401 ->
              ": the credentials were refused (check ARGOCD_AUTH_TOKEN, or ARGOCD_USERNAME/ARGOCD_PASSWORD)";
          case 403 -> ": the account may not do this (check its RBAC policy)";
          case 404 -> ": not found";
          default -> "";
        };
    String message = base + hint + (detail == null ? "" : " (" + detail + ")");
    return retriable(status) ? new RetriableException(message) : new PermanentException(message);
  }

  static RetriableException ofIo(String server, String request, IOException e) {
    return new RetriableException(
        "Argo CD at " + server + " could not be reached for " + request + ": " + e, e);
  }

  private static String message(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      String m = node.path("message").asText(node.path("error").asText(""));
      return m.isBlank() ? null : m;
    } catch (IOException e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }
}
