package io.autoagent.tools.escalation;

import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Escalation, ticket and archive settings, read by {@link #fromEnv}. Errors are one line naming
 * the variable. {@code toString()} hides tokens and the webhook URL (which is itself a secret).
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
    String archiveBucket,
    Duration archiveTtl,
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
  public static final String ESCALATION_HTTP_TIMEOUT_SECONDS = "ESCALATION_HTTP_TIMEOUT_SECONDS";

  public static final String DEFAULT_GITHUB_API_URL = "https://api.github.com";
  public static final String DEFAULT_ARCHIVE_BUCKET = "incident-archives";
  public static final int DEFAULT_ARCHIVE_TTL_DAYS = 90;

  public static EscalationConfig fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    String provider = env.oneOf(TICKETS_PROVIDER, "none", Set.of("github", "jira", "none"));
    String repo = env.get(GITHUB_REPOSITORY);
    if (provider.equals("github")) {
      required(env, GITHUB_TOKEN, provider);
      if (repo == null || !repo.matches("[\\w.-]+/[\\w.-]+")) {
        throw new ConfigException(GITHUB_REPOSITORY + "=" + (repo == null ? "" : repo)
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
        env.bool(ARCHIVE_ENABLED, true),
        env.get(ARCHIVE_BUCKET, DEFAULT_ARCHIVE_BUCKET),
        Duration.ofDays(ttlDays),
        Duration.ofSeconds(env.integer(ESCALATION_HTTP_TIMEOUT_SECONDS, 10, 1, 300)));
  }

  private static void required(Env env, String key, String provider) {
    if (env.get(key) == null) {
      throw new ConfigException(key + " is not set: required when TICKETS_PROVIDER=" + provider);
    }
  }

  @Override
  public String toString() {
    return "EscalationConfig[slack=" + (slackWebhookUrl == null ? "off" : "***") + ", tickets=" + ticketsProvider
        + ", githubRepository=" + githubRepository + ", jiraUrl=" + jiraUrl + ", jiraProject=" + jiraProject
        + ", archive=" + (archiveEnabled ? archiveBucket + " ttl " + archiveTtl : "off") + "]";
  }
}
