package io.autoagent.tools.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.config.ConfigException;
import io.autoagent.tools.archive.S3ArchiveConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscalationConfigTest {

  @Test
  void namesTheMissingVariableForTheChosenTicketsProvider() {
    assertThatThrownBy(
            () ->
                EscalationConfig.fromEnv(Map.of("TICKETS_PROVIDER", "github", "GITHUB_TOKEN", "t")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GITHUB_REPOSITORY=");
    assertThatThrownBy(() -> EscalationConfig.fromEnv(Map.of("TICKETS_PROVIDER", "jira")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("JIRA_USER is not set");
    assertThatThrownBy(() -> EscalationConfig.fromEnv(Map.of("TICKETS_PROVIDER", "trello")))
        .hasMessageStartingWith("TICKETS_PROVIDER=trello is not valid");
    assertThatThrownBy(() -> EscalationConfig.fromEnv(Map.of("ARCHIVE_TTL_DAYS", "x")))
        .hasMessageStartingWith("ARCHIVE_TTL_DAYS=x is not valid");
  }

  @Test
  void hidesTheWebhookAndTokensInToString() {
    EscalationConfig config =
        EscalationConfig.fromEnv(
            Map.of(
                "SLACK_WEBHOOK_URL",
                "https://hooks.slack.com/s/SECRET",
                "TICKETS_PROVIDER",
                "github",
                "GITHUB_TOKEN",
                "ghp_secret",
                "GITHUB_REPOSITORY",
                "acme/ops",
                "ARCHIVE_TTL_DAYS",
                "30"));

    assertThat(config.toString()).doesNotContain("SECRET", "ghp_secret");
    assertThat(config.archiveTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(config.archiveBucket()).isEqualTo("incident-archives");
  }

  @Test
  void archivesToTheObjectStoreUnlessS3IsChosen() {
    EscalationConfig config = EscalationConfig.fromEnv(Map.of());

    assertThat(config.archiveStore()).isEqualTo("nats");
    assertThat(config.archiveS3()).isNull();
    assertThat(config.toString()).contains("object store incident-archives ttl PT2160H");
  }

  @Test
  void readsTheS3SettingsWithTheirDefaults() {
    EscalationConfig config =
        EscalationConfig.fromEnv(
            Map.of(
                "ARCHIVE_STORE",
                "s3",
                "ARCHIVE_S3_BUCKET",
                "acme-incidents",
                "ESCALATION_HTTP_TIMEOUT_S",
                "7"));

    assertThat(config.archiveS3())
        .isEqualTo(
            new S3ArchiveConfig(
                "acme-incidents", "autoagent/incidents", null, null, false, Duration.ofSeconds(7)));
    assertThat(config.archiveS3().objectKey("shop/a/b/2025-03-04/p.json"))
        .isEqualTo("autoagent/incidents/shop/a/b/2025-03-04/p.json");
    assertThat(config.toString())
        .contains("s3://acme-incidents/autoagent/incidents", "lifecycle rule");
  }

  @Test
  void stillReadsTheDeprecatedTimeoutName() {
    EscalationConfig config =
        EscalationConfig.fromEnv(
            Map.of(
                "ARCHIVE_STORE",
                "s3",
                "ARCHIVE_S3_BUCKET",
                "acme-incidents",
                "ESCALATION_HTTP_TIMEOUT_SECONDS",
                "8"));

    assertThat(config.archiveS3().timeout()).isEqualTo(Duration.ofSeconds(8));
  }

  @Test
  void readsAnS3CompatibleServersSettings() {
    EscalationConfig config =
        EscalationConfig.fromEnv(
            Map.of(
                "ARCHIVE_STORE",
                "s3",
                "ARCHIVE_S3_BUCKET",
                "archives.ops",
                "ARCHIVE_S3_PREFIX",
                "/team-a/incidents/",
                "ARCHIVE_S3_REGION",
                "us-east-1",
                "ARCHIVE_S3_ENDPOINT",
                "http://minio.storage:9000",
                "ARCHIVE_S3_PATH_STYLE",
                "true"));

    assertThat(config.archiveS3())
        .isEqualTo(
            new S3ArchiveConfig(
                "archives.ops",
                "team-a/incidents",
                "us-east-1",
                URI.create("http://minio.storage:9000"),
                true,
                Duration.ofSeconds(10)));
  }

  @Test
  void namesTheBadS3Variable() {
    assertThatThrownBy(() -> EscalationConfig.fromEnv(Map.of("ARCHIVE_STORE", "gcs")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ARCHIVE_STORE=gcs is not valid");
    assertThatThrownBy(() -> EscalationConfig.fromEnv(Map.of("ARCHIVE_STORE", "s3")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("ARCHIVE_S3_BUCKET is not set: required when ARCHIVE_STORE=s3");
    assertThatThrownBy(
            () ->
                EscalationConfig.fromEnv(
                    Map.of("ARCHIVE_STORE", "s3", "ARCHIVE_S3_BUCKET", "My_Bucket")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ARCHIVE_S3_BUCKET=My_Bucket is not valid");
    assertThatThrownBy(() -> EscalationConfig.fromEnv(s3("ARCHIVE_S3_PREFIX", "team a//x")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ARCHIVE_S3_PREFIX=team a//x is not valid");
    assertThatThrownBy(() -> EscalationConfig.fromEnv(s3("ARCHIVE_S3_REGION", "EU West")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ARCHIVE_S3_REGION=EU West is not valid");
    assertThatThrownBy(() -> EscalationConfig.fromEnv(s3("ARCHIVE_S3_ENDPOINT", "minio:9000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ARCHIVE_S3_ENDPOINT=minio:9000 is not valid");
    assertThatThrownBy(
            () ->
                EscalationConfig.fromEnv(s3("ARCHIVE_S3_ENDPOINT", "http://a:9000,http://b:9000")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ARCHIVE_S3_ENDPOINT=http://a:9000,http://b:9000");
    assertThatThrownBy(() -> EscalationConfig.fromEnv(s3("ARCHIVE_S3_PATH_STYLE", "maybe")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ARCHIVE_S3_PATH_STYLE=maybe is not valid");
  }

  @Test
  void ignoresTheS3SettingsWhenArchivesAreOff() {
    EscalationConfig config =
        EscalationConfig.fromEnv(Map.of("ARCHIVE_ENABLED", "false", "ARCHIVE_STORE", "s3"));

    assertThat(config.archiveS3()).isNull();
    assertThat(config.toString()).contains("archive=off");
  }

  private static Map<String, String> s3(String key, String value) {
    return Map.of("ARCHIVE_STORE", "s3", "ARCHIVE_S3_BUCKET", "acme-incidents", key, value);
  }
}
