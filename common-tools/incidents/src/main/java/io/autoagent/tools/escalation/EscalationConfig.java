package io.autoagent.tools.escalation;

import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import io.autoagent.tools.archive.S3ArchiveConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Escalation, ticket and archive settings, read by {@link #fromEnv}. Errors are one line naming the
 * variable. {@code toString()} hides tokens and the webhook URL (which is itself a secret).
 *
 * @param archiveStore {@code nats} (a JetStream object store, {@code archiveBucket}, expiring after
 *     {@code archiveTtl}) or {@code s3} ({@code archiveS3}; retention is the bucket's lifecycle
 *     rule, {@code archiveTtl} does not apply)
 * @param archiveS3 null unless {@code archiveStore} is {@code s3}
 */
public record EscalationConfig(
    String slackWebhookUrl,
    String ticketsProvider,
    String githubApiUrl,
    String githubRepository,
    String githubToken,
    String jiraUrl,
    String jiraUser,
    String jiraToken,
    String jiraProject,
    boolean archiveEnabled,
    String archiveStore,
    String archiveBucket,
    Duration archiveTtl,
    S3ArchiveConfig archiveS3,
    Duration httpTimeout) {

  public static final String SLACK_WEBHOOK_URL = "SLACK_WEBHOOK_URL";
  public static final String TICKETS_PROVIDER = "TICKETS_PROVIDER";
  public static final String GITHUB_API_URL = "GITHUB_API_URL";
  public static final String GITHUB_REPOSITORY = "GITHUB_REPOSITORY";
  public static final String GITHUB_TOKEN = "GITHUB_TOKEN";
  public static final String JIRA_URL = "JIRA_URL";
  public static final String JIRA_USER = "JIRA_USER";
  public static final String JIRA_TOKEN = "JIRA_TOKEN";
  public static final String JIRA_PROJECT = "JIRA_PROJECT";
  public static final String ARCHIVE_ENABLED = "ARCHIVE_ENABLED";
  public static final String ARCHIVE_BUCKET = "ARCHIVE_BUCKET";
  public static final String ARCHIVE_TTL_DAYS = "ARCHIVE_TTL_DAYS";
  public static final String ARCHIVE_STORE = "ARCHIVE_STORE";
  public static final String ARCHIVE_S3_BUCKET = "ARCHIVE_S3_BUCKET";
  public static final String ARCHIVE_S3_PREFIX = "ARCHIVE_S3_PREFIX";
  public static final String ARCHIVE_S3_REGION = "ARCHIVE_S3_REGION";
  public static final String ARCHIVE_S3_ENDPOINT = "ARCHIVE_S3_ENDPOINT";
  public static final String ARCHIVE_S3_PATH_STYLE = "ARCHIVE_S3_PATH_STYLE";
  public static final String ESCALATION_HTTP_TIMEOUT_S = "ESCALATION_HTTP_TIMEOUT_S";

  public static final String DEFAULT_GITHUB_API_URL = "https://api.github.com";
  public static final String DEFAULT_ARCHIVE_BUCKET = "incident-archives";
  public static final int DEFAULT_ARCHIVE_TTL_DAYS = 90;
  public static final String DEFAULT_ARCHIVE_S3_PREFIX = "autoagent/incidents";

  /** S3's bucket naming rules (3 to 63 lowercase letters, digits, dots and hyphens). */
  private static final String S3_BUCKET = "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]";

  /** Path segments of S3's safe key characters. */
  private static final String S3_PREFIX = "[A-Za-z0-9!_.*'()=-]+(/[A-Za-z0-9!_.*'()=-]+)*";

  public static EscalationConfig fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    String provider = env.oneOf(TICKETS_PROVIDER, "none", Set.of("github", "jira", "none"));
    String repo = env.get(GITHUB_REPOSITORY);
    if (provider.equals("github")) {
      required(env, GITHUB_TOKEN, provider);
      if (repo == null || !repo.matches("[\\w.-]+/[\\w.-]+")) {
        throw new ConfigException(
            GITHUB_REPOSITORY
                + "="
                + (repo == null ? "" : repo)
                + " is not valid: expected owner/name when TICKETS_PROVIDER=github");
      }
    }
    if (provider.equals("jira")) {
      required(env, JIRA_USER, provider);
      required(env, JIRA_TOKEN, provider);
      required(env, JIRA_PROJECT, provider);
      if (env.get(JIRA_URL) == null) {
        throw new ConfigException(JIRA_URL + " is not set: required when TICKETS_PROVIDER=jira");
      }
    }
    int ttlDays = env.integer(ARCHIVE_TTL_DAYS, DEFAULT_ARCHIVE_TTL_DAYS, 0, 3650);
    Duration httpTimeout = Duration.ofSeconds(env.integer(ESCALATION_HTTP_TIMEOUT_S, 10, 1, 300));
    boolean archiveEnabled = env.bool(ARCHIVE_ENABLED, true);
    String store = env.oneOf(ARCHIVE_STORE, "nats", Set.of("nats", "s3"));
    return new EscalationConfig(
        env.url(SLACK_WEBHOOK_URL, null, Set.of("https", "http")),
        provider,
        env.url(GITHUB_API_URL, DEFAULT_GITHUB_API_URL, Set.of("https", "http")),
        repo,
        env.get(GITHUB_TOKEN),
        env.url(JIRA_URL, null, Set.of("https", "http")),
        env.get(JIRA_USER),
        env.get(JIRA_TOKEN),
        env.get(JIRA_PROJECT),
        archiveEnabled,
        store,
        env.get(ARCHIVE_BUCKET, DEFAULT_ARCHIVE_BUCKET),
        Duration.ofDays(ttlDays),
        archiveEnabled && store.equals("s3") ? s3(env, httpTimeout) : null,
        httpTimeout);
  }

  private static S3ArchiveConfig s3(Env env, Duration timeout) {
    String bucket = env.get(ARCHIVE_S3_BUCKET);
    if (bucket == null) {
      throw new ConfigException(ARCHIVE_S3_BUCKET + " is not set: required when ARCHIVE_STORE=s3");
    }
    if (!bucket.matches(S3_BUCKET) || bucket.contains("..")) {
      throw new ConfigException(
          ARCHIVE_S3_BUCKET
              + "="
              + bucket
              + " is not valid: expected an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)");
    }
    String prefix = env.get(ARCHIVE_S3_PREFIX, DEFAULT_ARCHIVE_S3_PREFIX).replaceAll("^/+|/+$", "");
    if (!prefix.isEmpty() && !prefix.matches(S3_PREFIX)) {
      throw new ConfigException(
          ARCHIVE_S3_PREFIX
              + "="
              + env.get(ARCHIVE_S3_PREFIX)
              + " is not valid: expected path segments of letters, digits and !_.*'()=- separated by /");
    }
    String region = env.get(ARCHIVE_S3_REGION);
    if (region != null && !region.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
      throw new ConfigException(
          ARCHIVE_S3_REGION + "=" + region + " is not valid: expected a region like eu-west-1");
    }
    String endpoint = env.url(ARCHIVE_S3_ENDPOINT, null, Set.of("https", "http"));
    if (endpoint != null && endpoint.contains(",")) {
      throw new ConfigException(
          ARCHIVE_S3_ENDPOINT + "=" + endpoint + " is not valid: expected one URL");
    }
    return new S3ArchiveConfig(
        bucket,
        prefix,
        region,
        endpoint == null ? null : URI.create(endpoint),
        env.bool(ARCHIVE_S3_PATH_STYLE, false),
        timeout);
  }

  private static void required(Env env, String key, String provider) {
    if (env.get(key) == null) {
      throw new ConfigException(key + " is not set: required when TICKETS_PROVIDER=" + provider);
    }
  }

  @Override
  public String toString() {
    return "EscalationConfig[slack="
        + (slackWebhookUrl == null ? "off" : "***")
        + ", tickets="
        + ticketsProvider
        + ", githubRepository="
        + githubRepository
        + ", jiraUrl="
        + jiraUrl
        + ", jiraProject="
        + jiraProject
        + ", archive="
        + archive()
        + "]";
  }

  private String archive() {
    if (!archiveEnabled) {
      return "off";
    }
    return archiveS3 != null
        ? archiveS3 + " (retention: the bucket's lifecycle rule)"
        : "object store " + archiveBucket + " ttl " + archiveTtl;
  }
}
