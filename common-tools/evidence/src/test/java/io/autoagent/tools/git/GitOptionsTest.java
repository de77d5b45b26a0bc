package io.autoagent.tools.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitOptionsTest {

  @TempDir Path tmp;

  @Test
  void isNullWithoutARepositoryPath() {
    assertThat(GitOptions.fromEnv(Map.of())).isNull();
  }

  @Test
  void readsDefaultsAndATokenFileWithoutPrintingIt() throws Exception {
    Path tokenFile = Files.writeString(tmp.resolve("token"), "ghp_s3cret\n");

    GitOptions o =
        GitOptions.fromEnv(
            Map.of(
                "GIT_REPO_PATH",
                "/repo",
                "GIT_REPO_URL",
                "https://git.example.com/x.git",
                "GIT_TOKEN_FILE",
                tokenFile.toString()));

    assertThat(o.lookback()).isEqualTo(Duration.ofHours(24));
    assertThat(o.syncInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(o.token()).isEqualTo("ghp_s3cret");
    assertThat(o.toString()).doesNotContain("ghp_s3cret");
  }

  @Test
  void acceptsLookbackDurationsAndNamesABadOne() {
    assertThat(
            GitOptions.fromEnv(Map.of("GIT_REPO_PATH", "/r", "CHANGE_LOOKBACK", "90m")).lookback())
        .isEqualTo(Duration.ofMinutes(90));
    assertThatThrownBy(
            () -> GitOptions.fromEnv(Map.of("GIT_REPO_PATH", "/r", "CHANGE_LOOKBACK", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("CHANGE_LOOKBACK=soon");
  }

  @Test
  void keepsAnInlineSshKeyOutOfToString() {
    GitOptions o =
        GitOptions.fromEnv(
            Map.of("GIT_REPO_PATH", "/r", "GIT_SSH_KEY", "-----BEGIN OPENSSH PRIVATE KEY-----"));

    assertThat(o.ssh().key()).isInstanceOf(SshOptions.Material.Inline.class);
    assertThat(o.toString()).doesNotContain("BEGIN").contains("GIT_SSH_KEY=****");
  }

  @Test
  void checksSshHostKeysStrictlyUnlessToldOtherwise() {
    // given
    GitOptions defaults = GitOptions.fromEnv(Map.of("GIT_REPO_PATH", "/r"));
    GitOptions files =
        GitOptions.fromEnv(
            Map.of(
                "GIT_REPO_PATH",
                "/r",
                "GIT_SSH_KEY_FILE",
                "/keys/id",
                "GIT_SSH_KEY",
                "ignored",
                "GIT_SSH_KNOWN_HOSTS_FILE",
                "/keys/known_hosts",
                "GIT_SSH_STRICT_HOST_KEY_CHECKING",
                "false"));

    // then
    assertThat(defaults.ssh()).isEqualTo(SshOptions.DEFAULT);
    assertThat(defaults.ssh().strictHostKeys()).isTrue();
    assertThat(files.ssh())
        .isEqualTo(
            new SshOptions(
                new SshOptions.Material.File("GIT_SSH_KEY_FILE", Path.of("/keys/id")),
                new SshOptions.Material.File(
                    "GIT_SSH_KNOWN_HOSTS_FILE", Path.of("/keys/known_hosts")),
                false));
    assertThatThrownBy(
            () ->
                GitOptions.fromEnv(
                    Map.of("GIT_REPO_PATH", "/r", "GIT_SSH_STRICT_HOST_KEY_CHECKING", "ask")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GIT_SSH_STRICT_HOST_KEY_CHECKING=ask is not valid");
  }
}
