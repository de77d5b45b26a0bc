package io.autoagent.tools.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.tools.internal.JsonHttp;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Authenticator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OkHttp adapter: JSON over HTTP to Argo CD with timeouts, bearer authentication (an API token,
 * or a session token obtained with username and password and renewed once on a 401), and retries
 * with exponential backoff on 5xx, 429 and connection errors. A POST is not retried after a read
 * timeout, since Argo CD may have acted on it. Failures are mapped by {@link ArgoCdErrors}.
 * Thread-safe.
 */
final class ArgoCdHttp implements AutoCloseable {

  static final String SESSION_PATH = "/api/v1/session";
  private static final Logger log = LoggerFactory.getLogger(ArgoCdHttp.class);

  private final ArgoCdOptions options;
  private final ObjectMapper mapper = new ObjectMapper();
  private final OkHttpClient client;
  private final AtomicReference<String> token = new AtomicReference<>();
  private final Object loginLock = new Object();

  ArgoCdHttp(ArgoCdOptions options) {
    this.options = options;
    token.set(options.authToken());
    OkHttpClient.Builder builder =
        JsonHttp.oneAttempt(options.timeout())
            .addInterceptor(
                chain -> {
                  Request request = chain.request();
                  if (request.url().encodedPath().equals(SESSION_PATH)
                      || request.header("Authorization") != null) {
                    return chain.proceed(request);
                  }
                  return chain.proceed(
                      request
                          .newBuilder()
                          .header("Authorization", "Bearer " + currentToken())
                          .build());
                })
            .authenticator(sessionRenewal());
    Tls.configure(builder, options.caFile(), options.insecure());
    this.client = builder.build();
  }

  String server() {
    return options.server();
  }

  /** GET {@code path}; empty on 404. */
  Optional<JsonNode> getIfExists(String path, Map<String, String> query) {
    return send("GET", path, query, null, true);
  }

  JsonNode get(String path, Map<String, String> query) {
    return send("GET", path, query, null, false).orElseThrow();
  }

  JsonNode post(String path, ObjectNode body) {
    return send("POST", path, Map.of(), body, false).orElseThrow();
  }

  private Optional<JsonNode> send(
      String method,
      String path,
      Map<String, String> query,
      ObjectNode body,
      boolean notFoundIsEmpty) {
    HttpUrl.Builder url = HttpUrl.get(options.server() + path).newBuilder();
    query.forEach(url::addQueryParameter);
    Request.Builder request =
        new Request.Builder().url(url.build()).header("Accept", "application/json");
    request =
        body == null
            ? request.get()
            : request.method(method, RequestBody.create(body.toString(), JsonHttp.JSON_TYPE));
    Request built = request.build();
    String what = method + " " + path;
    for (int attempt = 0; ; attempt++) {
      boolean last = attempt >= options.maxRetries();
      try (Response response = client.newCall(built).execute()) {
        String text = response.body().string();
        if (response.isSuccessful()) {
          return Optional.of(text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text));
        }
        if (response.code() == 404 && notFoundIsEmpty) {
          return Optional.empty();
        }
        if (!ArgoCdErrors.retriable(response.code()) || last) {
          throw ArgoCdErrors.ofStatus(options.server(), what, response.code(), text);
        }
        log.warn(
            "Argo CD at {} answered {} to {}; retry {} of {}",
            options.server(),
            response.code(),
            what,
            attempt + 1,
            options.maxRetries());
      } catch (IOException e) {
        if (last || (body != null && e instanceof SocketTimeoutException)) {
          throw ArgoCdErrors.ofIo(options.server(), what, e);
        }
        log.warn(
            "Argo CD at {} failed for {}: {}; retry {} of {}",
            options.server(),
            what,
            e.toString(),
            attempt + 1,
            options.maxRetries());
      }
      pause(attempt, what);
    }
  }

  private void pause(int attempt, String what) {
    try {
      Thread.sleep(options.backoff().toMillis() << Math.min(attempt, 10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException(
          "interrupted while retrying " + what + " against Argo CD at " + options.server(), e);
    }
  }

  private String currentToken() throws IOException {
    String current = token.get();
    return current != null ? current : login(null);
  }

  /**
   * Exchanges username and password for a session token, unless another thread already renewed
   * {@code stale}.
   */
  private String login(String stale) throws IOException {
    if (options.username() == null) {
      throw new PermanentException(
          "Argo CD at " + options.server() + ": no token and no username configured");
    }
    synchronized (loginLock) {
      String current = token.get();
      if (current != null && !current.equals(stale)) {
        return current;
      }
      ObjectNode credentials =
          mapper
              .createObjectNode()
              .put("username", options.username())
              .put("password", options.password());
      Request request =
          new Request.Builder()
              .url(options.server() + SESSION_PATH)
              .post(RequestBody.create(credentials.toString(), JsonHttp.JSON_TYPE))
              .build();
      try (Response response = client.newCall(request).execute()) {
        String text = response.body().string();
        if (!response.isSuccessful()) {
          throw ArgoCdErrors.ofStatus(
              options.server(), "POST " + SESSION_PATH, response.code(), text);
        }
        String fresh = mapper.readTree(text).path("token").asText(null);
        if (fresh == null) {
          throw new PermanentException(
              "Argo CD at " + options.server() + " answered a session without a token");
        }
        log.info("Logged in to Argo CD at {} as {}", options.server(), options.username());
        token.set(fresh);
        return fresh;
      }
    }
  }

  /** On a 401 with username and password configured, logs in again once and repeats the request. */
  private Authenticator sessionRenewal() {
    return (route, response) -> {
      Request failed = response.request();
      if (options.username() == null
          || response.priorResponse() != null
          || failed.url().encodedPath().equals(SESSION_PATH)) {
        return null;
      }
      String sent = failed.header("Authorization");
      String fresh = login(sent == null ? null : sent.substring("Bearer ".length()));
      return failed.newBuilder().header("Authorization", "Bearer " + fresh).build();
    };
  }

  @Override
  public void close() {
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }
}
