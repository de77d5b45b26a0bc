package io.autoagent.tools.escalation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.config.ConfigException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscalationConfigTest {

  @Test
  void namesTheMissingVariableForTheChosenTicketsProvider() {
    assertThatThrownBy(() -> EscalationConfig.fromEnv(Map.of("TICKETS_PROVIDER", "github", "GITHUB_TOKEN", "t")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("GITHUB_REPOSITORY=");
    assertThatThrownBy(() -> EscalationConfig.fromEnv(Map.of("TICKETS_PROVIDER", "jira")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("JIRA_USER is not set");
    assertThatThrownBy(() -> EscalationConfig.fromEnv(Map.of("TICKETS_PROVIDER", "trello")))
        .hasMessageStartingWith("TICKETS_PROVIDER=trello is not valid");
    assertThatThrownBy(() -> EscalationConfig.fromEnv(Map.of("ARCHIVE_TTL_DAYS", "x")))
        .hasMessageStartingWith("ARCHIVE_TTL_DAYS=x is not valid");
  }

  @Test
  void hidesTheWebhookAndTokensInToString() {
    EscalationConfig config = EscalationConfig.fromEnv(Map.of("SLACK_WEBHOOK_URL", "https://hooks.slack.com/s/SECRET",
        "TICKETS_PROVIDER", "github", "GITHUB_TOKEN", "ghp_secret", "GITHUB_REPOSITORY", "acme/ops",
        "ARCHIVE_TTL_DAYS", "30"));

    assertThat(config.toString()).doesNotContain("SECRET", "ghp_secret");
    assertThat(config.archiveTtl()).isEqualTo(Duration.ofDays(30));
    assertThat(config.archiveBucket()).isEqualTo("incident-archives");
  }
}
