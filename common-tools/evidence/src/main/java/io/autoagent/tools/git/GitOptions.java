package io.autoagent.tools.git;

import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of the git evidence source. {@link #toString()} never shows secrets.
 *
 * @param repoPath {@code GIT_REPO_PATH}: the working copy or bare repository to read; the clone
 *     target when {@code repoUrl} is set
 * @param repoUrl {@code GIT_REPO_URL}: when set, cloned into {@code repoPath} if missing and
 *     fetched every {@code syncInterval}; null reads {@code repoPath} as it is
 * @param branch {@code GIT_BRANCH}: branch to read; null means the remote's default (HEAD)
 * @param syncInterval {@code GIT_SYNC_INTERVAL_S} (default 60)
 * @param lookback {@code CHANGE_LOOKBACK} (default 24h; {@code 90m}, {@code 2h}, {@code 3600s} or
 *     plain seconds): how far before the alert commits are listed and correlated
 * @param username {@code GIT_USERNAME} for HTTPS (default {@code git}; GitHub accepts any name with
 *     a token)
 * @param token {@code GIT_TOKEN}, or the content of {@code GIT_TOKEN_FILE}: HTTPS password or token
 * @param ssh key and known hosts for {@code ssh://} and {@code git@host:} URLs ({@code GIT_SSH_*},
 *     see {@link SshOptions}); strict host key checking by default
 * @param operationTimeout bound on one clone or fetch ({@code GIT_TIMEOUT_S}, default 60)
 */
public record GitOptions(
    Path repoPath,
    String repoUrl,
    String branch,
    Duration syncInterval,
    Duration lookback,
    String username,
    String token,
    SshOptions ssh,
    Duration operationTimeout) {

  public static final String GIT_REPO_PATH = "GIT_REPO_PATH";
  public static final String GIT_REPO_URL = "GIT_REPO_URL";
  public static final String GIT_BRANCH = "GIT_BRANCH";
  public static final String GIT_SYNC_INTERVAL_S = "GIT_SYNC_INTERVAL_S";
  public static final String CHANGE_LOOKBACK = "CHANGE_LOOKBACK";
  public static final String GIT_USERNAME = "GIT_USERNAME";
  public static final String GIT_TOKEN = "GIT_TOKEN";
  public static final String GIT_TOKEN_FILE = "GIT_TOKEN_FILE";
  public static final String GIT_TIMEOUT_S = "GIT_TIMEOUT_S";

  public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofSeconds(60);
  public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(24);
  public static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(60);
  public static final String DEFAULT_USERNAME = "git";

  public GitOptions {
    Objects.requireNonNull(repoPath, "repoPath");
    syncInterval = Objects.requireNonNullElse(syncInterval, DEFAULT_SYNC_INTERVAL);
    lookback = Objects.requireNonNullElse(lookback, DEFAULT_LOOKBACK);
    username = Objects.requireNonNullElse(username, DEFAULT_USERNAME);
    ssh = Objects.requireNonNullElse(ssh, SshOptions.DEFAULT);
    operationTimeout = Objects.requireNonNullElse(operationTimeout, DEFAULT_OPERATION_TIMEOUT);
    if (!syncInterval.isPositive() || !lookback.isPositive() || !operationTimeout.isPositive()) {
      throw new IllegalArgumentException(
          "syncInterval, lookback and operationTimeout must be positive");
    }
  }

  /** Reads a local repository as it is, with the default lookback. */
  public static GitOptions local(Path repoPath) {
    return new GitOptions(repoPath, null, null, null, null, null, null, null, null);
  }

  /** Same options with another lookback. */
  public GitOptions withLookback(Duration value) {
    return new GitOptions(
        repoPath, repoUrl, branch, syncInterval, value, username, token, ssh, operationTimeout);
  }

  /** Same options, cloning and fetching {@code url} every {@code interval}. */
  public GitOptions withRemote(String url, String branchName, Duration interval) {
    return new GitOptions(
        repoPath, url, branchName, interval, lookback, username, token, ssh, operationTimeout);
  }

  /**
   * The options from environment variables, or null when {@code GIT_REPO_PATH} is unset (git
   * evidence is then skipped). A bad value throws {@link ConfigException} naming the variable.
   */
  public static GitOptions fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    Path path = env.path(GIT_REPO_PATH, null);
    if (path == null) {
      if (env.get(GIT_REPO_URL) != null) {
        throw new ConfigException(
            GIT_REPO_URL + " is set but " + GIT_REPO_PATH + " is not: set where to clone it");
      }
      return null;
    }
    String token = env.get(GIT_TOKEN);
    Path tokenFile = env.path(GIT_TOKEN_FILE, null);
    if (token == null && tokenFile != null) {
      token = Secrets.read(GIT_TOKEN_FILE, tokenFile).strip();
    }
    return new GitOptions(
        path,
        env.get(GIT_REPO_URL),
        env.get(GIT_BRANCH),
        Duration.ofSeconds(
            env.integer(GIT_SYNC_INTERVAL_S, (int) DEFAULT_SYNC_INTERVAL.toSeconds(), 5, 86_400)),
        Secrets.duration(CHANGE_LOOKBACK, env.get(CHANGE_LOOKBACK), DEFAULT_LOOKBACK),
        env.get(GIT_USERNAME),
        token,
        SshOptions.fromEnv(vars),
        Duration.ofSeconds(
            env.integer(GIT_TIMEOUT_S, (int) DEFAULT_OPERATION_TIMEOUT.toSeconds(), 1, 3_600)));
  }

  /** {@code CHANGE_LOOKBACK} alone (shared with the Argo CD source), default 24 h. */
  public static Duration lookbackFromEnv(Map<String, String> vars) {
    return Secrets.duration(CHANGE_LOOKBACK, new Env(vars).get(CHANGE_LOOKBACK), DEFAULT_LOOKBACK);
  }

  @Override
  public String toString() {
    return "GitOptions[repoPath="
        + repoPath
        + ", repoUrl="
        + repoUrl
        + ", branch="
        + branch
        + ", syncInterval="
        + syncInterval
        + ", lookback="
        + lookback
        + ", username="
        + username
        + ", token="
        + (token == null ? "none" : "****")
        + ", ssh="
        + ssh
        + ", operationTimeout="
        + operationTimeout
        + "]";
  }
}
