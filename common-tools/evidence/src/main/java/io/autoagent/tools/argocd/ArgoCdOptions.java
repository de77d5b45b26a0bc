package io.autoagent.tools.argocd;

import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the Argo CD client. {@link #toString()} never shows secrets.
 *
 * @param server {@code ARGOCD_SERVER}: {@code https://argocd.example.com} (a bare host means https)
 * @param authToken {@code ARGOCD_AUTH_TOKEN}: API token sent as {@code Authorization: Bearer}
 * @param username {@code ARGOCD_USERNAME}: with the password, exchanged for a session token through
 *     {@code POST /api/v1/session} when no token is given
 * @param password {@code ARGOCD_PASSWORD}
 * @param caFile {@code ARGOCD_CA_FILE}: PEM certificates to trust instead of the system's
 * @param insecure {@code ARGOCD_INSECURE}: skip TLS verification (default false)
 * @param timeout {@code ARGOCD_TIMEOUT_S} (default 10): connect, read and whole-call timeout
 * @param maxRetries {@code ARGOCD_MAX_RETRIES} (default 3): further attempts on 5xx, 429 and
 *     connection errors
 * @param backoff first retry delay (default 200 ms), doubled on each attempt
 * @param lookback how far back deploys are reported ({@code CHANGE_LOOKBACK}, default 24 h)
 */
public record ArgoCdOptions(
    String server,
    String authToken,
    String username,
    String password,
    Path caFile,
    boolean insecure,
    Duration timeout,
    int maxRetries,
    Duration backoff,
    Duration lookback) {

  public static final String ARGOCD_SERVER = "ARGOCD_SERVER";
  public static final String ARGOCD_AUTH_TOKEN = "ARGOCD_AUTH_TOKEN";
  public static final String ARGOCD_USERNAME = "ARGOCD_USERNAME";
  public static final String ARGOCD_PASSWORD = "ARGOCD_PASSWORD";
  public static final String ARGOCD_CA_FILE = "ARGOCD_CA_FILE";
  public static final String ARGOCD_INSECURE = "ARGOCD_INSECURE";
  public static final String ARGOCD_TIMEOUT_S = "ARGOCD_TIMEOUT_S";
  public static final String ARGOCD_MAX_RETRIES = "ARGOCD_MAX_RETRIES";
  public static final String CHANGE_LOOKBACK = "CHANGE_LOOKBACK";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_RETRIES = 3;
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(200);
  public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(24);

  public ArgoCdOptions {
    Objects.requireNonNull(server, "server");
    server = (server.contains("://") ? server : "https://" + server).replaceAll("/+$", "");
    timeout = Objects.requireNonNullElse(timeout, DEFAULT_TIMEOUT);
    backoff = Objects.requireNonNullElse(backoff, DEFAULT_BACKOFF);
    lookback = Objects.requireNonNullElse(lookback, DEFAULT_LOOKBACK);
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must not be negative");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("username and password go together");
    }
  }

  /** A server with an API token and the defaults. */
  public static ArgoCdOptions withToken(String server, String token) {
    return new ArgoCdOptions(
        server, token, null, null, null, false, null, DEFAULT_MAX_RETRIES, null, null);
  }

  /** Same options with other timeout, retries and backoff. */
  public ArgoCdOptions withTiming(Duration callTimeout, int retries, Duration firstBackoff) {
    return new ArgoCdOptions(
        server,
        authToken,
        username,
        password,
        caFile,
        insecure,
        callTimeout,
        retries,
        firstBackoff,
        lookback);
  }

  /**
   * The options from environment variables, or null when {@code ARGOCD_SERVER} is unset (Argo CD
   * evidence is then skipped). A bad value throws {@link ConfigException} naming the variable.
   */
  public static ArgoCdOptions fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    String server = env.get(ARGOCD_SERVER);
    if (server == null) {
      return null;
    }
    String user = env.get(ARGOCD_USERNAME);
    String password = env.raw(ARGOCD_PASSWORD);
    String token = env.get(ARGOCD_AUTH_TOKEN);
    if (token == null && (user == null || password == null)) {
      throw new ConfigException(
          ARGOCD_SERVER
              + " is set but neither "
              + ARGOCD_AUTH_TOKEN
              + " nor both "
              + ARGOCD_USERNAME
              + " and "
              + ARGOCD_PASSWORD
              + " are");
    }
    Path ca = env.path(ARGOCD_CA_FILE, null);
    if (ca != null && !Files.isReadable(ca)) {
      throw new ConfigException(
          ARGOCD_CA_FILE + "=" + ca + " is not valid: the file cannot be read");
    }
    Duration lookback = io.autoagent.tools.git.GitOptions.lookbackFromEnv(vars);
    return new ArgoCdOptions(
        server,
        token,
        token == null ? user : null,
        token == null ? password : null,
        ca,
        env.bool(ARGOCD_INSECURE, false),
        Duration.ofSeconds(
            env.integer(ARGOCD_TIMEOUT_S, (int) DEFAULT_TIMEOUT.toSeconds(), 1, 300)),
        env.integer(ARGOCD_MAX_RETRIES, DEFAULT_MAX_RETRIES, 0, 10),
        null,
        lookback);
  }

  @Override
  public String toString() {
    return "ArgoCdOptions[server="
        + server
        + ", authToken="
        + (authToken == null ? "none" : "****")
        + ", username="
        + username
        + ", password="
        + (password == null ? "none" : "****")
        + ", caFile="
        + caFile
        + ", insecure="
        + insecure
        + ", timeout="
        + timeout
        + ", maxRetries="
        + maxRetries
        + ", backoff="
        + backoff
        + ", lookback="
        + lookback
        + "]";
  }
}
