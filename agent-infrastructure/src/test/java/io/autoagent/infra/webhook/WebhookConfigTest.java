package io.autoagent.infra.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookConfigTest {

  @TempDir Path dir;

  @Test
  void isOffByDefault() {
    WebhookConfig config = WebhookConfig.fromEnv(Map.of());

    assertThat(config.enabled()).isFalse();
    assertThat(config.describe()).isEqualTo("off");
  }

  @Test
  void refusesToListenWithoutAnyAuthenticationNamingTheVariables() {
    assertThatThrownBy(() -> WebhookConfig.fromEnv(Map.of("WEBHOOK_PORT", "9095")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "WEBHOOK_PORT=9095 needs authentication: set WEBHOOK_TOKEN_FILE (a file holding a bearer token), "
                + "WEBHOOK_BASIC_AUTH_FILE (a file holding user:password) or WEBHOOK_ALLOW_ANONYMOUS=true");
  }

  @Test
  void allowsAnonymousAccessOnlyWhenSaidExplicitly() {
    WebhookConfig config =
        WebhookConfig.fromEnv(Map.of("WEBHOOK_PORT", "9095", "WEBHOOK_ALLOW_ANONYMOUS", "true"));

    assertThat(config.auth().isAnonymous()).isTrue();
    assertThat(config.describe())
        .isEqualTo("POST :9095/alertmanager, anonymous (WEBHOOK_ALLOW_ANONYMOUS=true)");
  }

  @Test
  void readsTheTokenFileAndNeverShowsTheToken() throws Exception {
    Path file = Files.writeString(dir.resolve("token"), "  tok-123456789\n");

    WebhookConfig config =
        WebhookConfig.fromEnv(
            Map.of("WEBHOOK_PORT", "9095", "WEBHOOK_TOKEN_FILE", file.toString()));

    assertThat(config.auth().check("Bearer tok-123456789")).isEqualTo(WebhookAuth.Verdict.ALLOWED);
    assertThat(config.toString())
        .contains("bearer token from " + file)
        .doesNotContain("tok-123456789");
    assertThat(config.auth().toString()).doesNotContain("tok-123456789");
  }

  @Test
  void namesAMissingEmptyOrMalformedCredentialFile() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Path noColon = Files.writeString(dir.resolve("basic"), "alertmanager\n");

    assertThatThrownBy(
            () ->
                WebhookConfig.fromEnv(
                    Map.of("WEBHOOK_PORT", "1", "WEBHOOK_TOKEN_FILE", "/nonexistent/token")))
        .hasMessage("WEBHOOK_TOKEN_FILE=/nonexistent/token cannot be read: no such file");
    assertThatThrownBy(
            () ->
                WebhookConfig.fromEnv(
                    Map.of("WEBHOOK_PORT", "1", "WEBHOOK_TOKEN_FILE", empty.toString())))
        .hasMessage("WEBHOOK_TOKEN_FILE=" + empty + " is empty");
    assertThatThrownBy(
            () ->
                WebhookConfig.fromEnv(
                    Map.of("WEBHOOK_PORT", "1", "WEBHOOK_BASIC_AUTH_FILE", noColon.toString())))
        .hasMessage(
            "WEBHOOK_BASIC_AUTH_FILE="
                + noColon
                + " is not valid: expected one line user:password");
    assertThatThrownBy(() -> WebhookConfig.fromEnv(Map.of("WEBHOOK_PORT", "http")))
        .hasMessageStartingWith("WEBHOOK_PORT=http is not valid");
  }
}
