package io.autoagent.tools.gitops;

import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import io.autoagent.tools.git.SshOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings of GitOps remediation. {@link #toString()} never shows tokens.
 *
 * <p>GitOps is <em>configured</em> when a repository to push to and a forge token exist; it is then
 * used where it is asked for ({@code REMEDIATION_MODE=gitops}, an AutoRemediationPolicy in {@code
 * gitops} mode, a workload Argo CD manages). With {@code REMEDIATION_MODE=gitops} a missing or bad
 * value stops the agent at start-up; otherwise it leaves GitOps unconfigured and {@link #problem}
 * says what to set, for the answers that need it.
 *
 * @param mode {@code REMEDIATION_MODE}: {@code live} (default) patches the cluster, except where a
 *     policy or Argo CD asks for pull requests; {@code gitops} proposes every change of replicas,
 *     memory limit or image as a pull request
 * @param repoUrl {@code GITOPS_REPO_URL}, default {@code GIT_REPO_URL}: the repository to push to
 * @param baseBranch {@code GITOPS_BASE_BRANCH} (default {@code main})
 * @param provider {@code GITOPS_PROVIDER}: {@code github} or {@code gitlab}; guessed from the
 *     repository's host when unset
 * @param apiUrl {@code GITHUB_API_URL} (default {@code https://api.github.com}) or {@code
 *     GITLAB_API_URL} (default {@code https://} and the repository's host, whether the URL is HTTPS
 *     or SSH; else {@code https://gitlab.com})
 * @param apiToken {@code GITHUB_TOKEN} or {@code GITLAB_TOKEN}
 * @param repository {@code GITOPS_REPOSITORY} ({@code owner/repo} on GitHub; a number or {@code
 *     group/project} on GitLab), else the repository URL's path, else {@code GITHUB_REPOSITORY} or
 *     {@code GITLAB_PROJECT_ID}
 * @param authorName {@code GITOPS_AUTHOR_NAME} (default {@code autoagent})
 * @param authorEmail {@code GITOPS_AUTHOR_EMAIL} (default {@code autoagent@localhost})
 * @param gitUsername {@code GIT_USERNAME} for HTTPS pushes; default {@code x-access-token} (GitHub)
 *     or {@code oauth2} (GitLab) when pushing with the API token
 * @param gitToken {@code GIT_TOKEN}, default the API token: HTTPS password for clone and push;
 *     never sent over SSH
 * @param ssh the key and known hosts for an SSH {@code repoUrl} ({@code ssh://...} or {@code
 *     git@host:owner/repo.git}): the same {@code GIT_SSH_*} variables as the git evidence source,
 *     see {@link SshOptions}
 * @param workDir {@code GITOPS_WORK_DIR}: the working copy, reused between remediations (default
 *     {@code autoagent-gitops} under the temporary directory)
 * @param timeout bound on one git transport operation or HTTP call ({@code GITOPS_TIMEOUT_S}, 60)
 * @param problem why GitOps is not configured, naming the variables to set; null when it is
 */
public record GitOpsOptions(
    Mode mode,
    String repoUrl,
    String baseBranch,
    Provider provider,
    String apiUrl,
    String apiToken,
    String repository,
    String authorName,
    String authorEmail,
    String gitUsername,
    String gitToken,
    SshOptions ssh,
    Path workDir,
    Duration timeout,
    String problem) {

  public static final String REMEDIATION_MODE = "REMEDIATION_MODE";
  public static final String GITOPS_REPO_URL = "GITOPS_REPO_URL";
  public static final String GIT_REPO_URL = "GIT_REPO_URL";
  public static final String GITOPS_BASE_BRANCH = "GITOPS_BASE_BRANCH";
  public static final String GITOPS_PROVIDER = "GITOPS_PROVIDER";
  public static final String GITHUB_TOKEN = "GITHUB_TOKEN";
  public static final String GITLAB_TOKEN = "GITLAB_TOKEN";
  public static final String GITHUB_API_URL = "GITHUB_API_URL";
  public static final String GITOPS_REPOSITORY = "GITOPS_REPOSITORY";
  public static final String GITLAB_API_URL = "GITLAB_API_URL";
  public static final String GITHUB_REPOSITORY = "GITHUB_REPOSITORY";
  public static final String GITLAB_PROJECT_ID = "GITLAB_PROJECT_ID";
  public static final String GITOPS_AUTHOR_NAME = "GITOPS_AUTHOR_NAME";
  public static final String GITOPS_AUTHOR_EMAIL = "GITOPS_AUTHOR_EMAIL";
  public static final String GIT_USERNAME = "GIT_USERNAME";
  public static final String GIT_TOKEN = "GIT_TOKEN";
  public static final String GITOPS_WORK_DIR = "GITOPS_WORK_DIR";
  public static final String GITOPS_TIMEOUT_S = "GITOPS_TIMEOUT_S";

  public static final String DEFAULT_BASE_BRANCH = "main";
  public static final String DEFAULT_GITHUB_API_URL = "https://api.github.com";
  public static final String DEFAULT_GITLAB_API_URL = "https://gitlab.com";
  public static final String DEFAULT_AUTHOR_NAME = "autoagent";
  public static final String DEFAULT_AUTHOR_EMAIL = "autoagent@localhost";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  /** What to set when nothing is. */
  public static final String NOT_CONFIGURED =
      "set " + GITOPS_REPO_URL + " and " + GITHUB_TOKEN + " (or " + GITLAB_TOKEN + ")";

  private static final Pattern REPO_PATH =
      Pattern.compile("^(?:https?://[^/]+/|ssh://[^/]+/|[^@/]+@[^:]+:)(.+?)(?:\\.git)?/?$");
  private static final Pattern HTTPS_HOST = Pattern.compile("^(https?://[^/]+)/.*");
  private static final Pattern SSH_HOST =
      Pattern.compile("^(?:ssh://(?:[^@/]+@)?([^/:]+)(?::\\d+)?/|[^@/]+@([^:/]+):).*");

  /** How a runbook's change reaches the cluster. */
  public enum Mode {
    LIVE,
    GITOPS
  }

  /** The forge that hosts the repository. */
  public enum Provider {
    GITHUB,
    GITLAB
  }

  public GitOpsOptions {
    Objects.requireNonNull(mode, "mode");
    if (mode == Mode.GITOPS || problem == null) {
      Objects.requireNonNull(repoUrl, "repoUrl");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(apiUrl, "apiUrl");
      Objects.requireNonNull(apiToken, "apiToken");
      Objects.requireNonNull(repository, "repository");
    }
    baseBranch = Objects.requireNonNullElse(baseBranch, DEFAULT_BASE_BRANCH);
    authorName = Objects.requireNonNullElse(authorName, DEFAULT_AUTHOR_NAME);
    authorEmail = Objects.requireNonNullElse(authorEmail, DEFAULT_AUTHOR_EMAIL);
    apiUrl = apiUrl == null ? null : apiUrl.replaceAll("/+$", "");
    gitToken = Objects.requireNonNullElse(gitToken, apiToken == null ? "" : apiToken);
    gitUsername =
        Objects.requireNonNullElse(
            gitUsername, provider == Provider.GITLAB ? "oauth2" : "x-access-token");
    ssh = Objects.requireNonNullElse(ssh, SshOptions.DEFAULT);
    workDir =
        Objects.requireNonNullElse(
            workDir, Path.of(System.getProperty("java.io.tmpdir"), "autoagent-gitops"));
    timeout = Objects.requireNonNullElse(timeout, DEFAULT_TIMEOUT);
  }

  /**
   * Options without the reason they are unconfigured: configured, or {@code
   * REMEDIATION_MODE=gitops}.
   */
  public GitOpsOptions(
      Mode mode,
      String repoUrl,
      String baseBranch,
      Provider provider,
      String apiUrl,
      String apiToken,
      String repository,
      String authorName,
      String authorEmail,
      String gitUsername,
      String gitToken,
      SshOptions ssh,
      Path workDir,
      Duration timeout) {
    this(
        mode,
        repoUrl,
        baseBranch,
        provider,
        apiUrl,
        apiToken,
        repository,
        authorName,
        authorEmail,
        gitUsername,
        gitToken,
        ssh,
        workDir,
        timeout,
        null);
  }

  /** Live remediation, GitOps unconfigured for {@code problem}. */
  public static GitOpsOptions live(String problem) {
    return new GitOpsOptions(
        Mode.LIVE,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Objects.requireNonNull(problem, "problem"));
  }

  /** Live remediation with nothing configured for GitOps. */
  public static GitOpsOptions live() {
    return live(NOT_CONFIGURED);
  }

  /**
   * {@code REMEDIATION_MODE=gitops}: every change of a manifest-declared field becomes a pull
   * request.
   */
  public boolean enabled() {
    return mode == Mode.GITOPS;
  }

  /**
   * Whether pull requests can be opened: a repository and a token are set (see {@link #problem}).
   */
  public boolean configured() {
    return problem == null;
  }

  /**
   * The options from environment variables. With {@code REMEDIATION_MODE=gitops} a bad or missing
   * value throws {@link ConfigException} naming it; in {@code live} mode GitOps is configured when
   * {@code GITOPS_REPO_URL} (not the evidence repository's {@code GIT_REPO_URL}) and a token are
   * set, and otherwise (or when they cannot be used) {@link #problem} says why, for the refusals
   * that need GitOps.
   */
  public static GitOpsOptions fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    String mode = env.oneOf(REMEDIATION_MODE, "live", Set.of("live", "gitops"));
    if (mode.equals("gitops")) {
      return parse(vars, Mode.GITOPS);
    }
    // In live mode GitOps must be asked for by name: GIT_REPO_URL is the (read-only) evidence
    // repository and GITHUB_TOKEN may be there for tickets; neither alone may start pushing
    // branches.
    if (env.get(GITOPS_REPO_URL) == null
        || (env.get(GITHUB_TOKEN) == null && env.get(GITLAB_TOKEN) == null)) {
      return live();
    }
    try {
      return parse(vars, Mode.LIVE);
    } catch (ConfigException e) {
      return live(e.getMessage());
    }
  }

  private static GitOpsOptions parse(Map<String, String> vars, Mode mode) {
    Env env = new Env(vars);
    String repoUrl = env.get(GITOPS_REPO_URL, env.get(GIT_REPO_URL));
    if (repoUrl == null) {
      throw new ConfigException(
          GITOPS_REPO_URL
              + " is not set (nor "
              + GIT_REPO_URL
              + "): GitOps needs the repository to push to");
    }
    Provider provider = provider(env, repoUrl);
    boolean github = provider == Provider.GITHUB;
    String tokenVar = github ? GITHUB_TOKEN : GITLAB_TOKEN;
    String token = env.get(tokenVar);
    if (token == null) {
      throw new ConfigException(
          tokenVar + " is not set: GitOps needs it to open pull requests on " + repoUrl);
    }
    String apiUrl =
        github
            ? env.url(GITHUB_API_URL, DEFAULT_GITHUB_API_URL, Set.of("http", "https"))
            : env.url(GITLAB_API_URL, webHost(repoUrl), Set.of("http", "https"));
    return new GitOpsOptions(
        mode,
        repoUrl,
        env.get(GITOPS_BASE_BRANCH),
        provider,
        apiUrl,
        token,
        repository(env, github, repoUrl),
        env.get(GITOPS_AUTHOR_NAME),
        env.get(GITOPS_AUTHOR_EMAIL),
        env.get(GIT_USERNAME),
        env.get(GIT_TOKEN),
        SshOptions.fromEnv(vars),
        env.path(GITOPS_WORK_DIR, null),
        Duration.ofSeconds(
            env.integer(GITOPS_TIMEOUT_S, (int) DEFAULT_TIMEOUT.toSeconds(), 1, 3_600)));
  }

  /** {@code https://host} of the repository URL, HTTPS or SSH; GitLab's API lives there. */
  private static String webHost(String repoUrl) {
    Matcher https = HTTPS_HOST.matcher(repoUrl);
    if (https.matches()) {
      return https.group(1);
    }
    Matcher ssh = SSH_HOST.matcher(repoUrl);
    if (ssh.matches()) {
      return "https://" + (ssh.group(1) != null ? ssh.group(1) : ssh.group(2));
    }
    return DEFAULT_GITLAB_API_URL;
  }

  private static Provider provider(Env env, String repoUrl) {
    String named = env.oneOf(GITOPS_PROVIDER, null, Set.of("github", "gitlab"));
    if (named != null) {
      return Provider.valueOf(named.toUpperCase(Locale.ROOT));
    }
    String url = repoUrl.toLowerCase(Locale.ROOT);
    if (url.contains("github")) {
      return Provider.GITHUB;
    }
    if (url.contains("gitlab")) {
      return Provider.GITLAB;
    }
    throw new ConfigException(
        GITOPS_PROVIDER
            + " is not set and the host of "
            + repoUrl
            + " does not say: expected github or gitlab");
  }

  /**
   * The forge's name for the repository: {@code GITOPS_REPOSITORY}, else the path of the repository
   * URL, else {@code GITHUB_REPOSITORY} / {@code GITLAB_PROJECT_ID}. The URL comes before those two
   * because GitHub tickets share {@code GITHUB_REPOSITORY}, which may name another repository.
   */
  private static String repository(Env env, boolean github, String repoUrl) {
    String var = GITOPS_REPOSITORY;
    String value = env.get(GITOPS_REPOSITORY);
    Matcher m = REPO_PATH.matcher(repoUrl);
    if (value == null && m.matches()) {
      var = GITOPS_REPO_URL;
      value = m.group(1);
    }
    if (value == null) {
      var = github ? GITHUB_REPOSITORY : GITLAB_PROJECT_ID;
      value = env.get(var);
    }
    if (value == null) {
      throw new ConfigException(
          GITOPS_REPOSITORY + " is not set and cannot be derived from " + repoUrl);
    }
    if (github && !value.matches("[\\w.-]+/[\\w.-]+")) {
      throw new ConfigException(var + "=" + value + " is not valid: expected owner/repo");
    }
    return value;
  }

  @Override
  public String toString() {
    if (!configured()) {
      return "GitOpsOptions[mode=" + mode + ", not configured: " + problem + "]";
    }
    return "GitOpsOptions[mode="
        + mode
        + ", repoUrl="
        + repoUrl
        + ", baseBranch="
        + baseBranch
        + ", provider="
        + provider
        + ", apiUrl="
        + apiUrl
        + ", apiToken="
        + (apiToken == null ? "none" : "****")
        + ", repository="
        + repository
        + ", author="
        + authorName
        + " <"
        + authorEmail
        + ">, gitUsername="
        + gitUsername
        + ", gitToken="
        + (gitToken.isEmpty() ? "none" : "****")
        + ", ssh="
        + ssh
        + ", workDir="
        + workDir
        + ", timeout="
        + timeout
        + "]";
  }
}
