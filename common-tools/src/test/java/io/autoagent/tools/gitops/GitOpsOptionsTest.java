package io.autoagent.tools.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitOpsOptionsTest {

  @Test
  void defaultsToLiveRemediation() {
    assertThat(GitOpsOptions.fromEnv(Map.of()).enabled()).isFalse();
  }

  @Test
  void derivesProviderRepositoryAndDefaultsFromTheRepoUrl() {
    GitOpsOptions options = GitOpsOptions.fromEnv(Map.of("REMEDIATION_MODE", "gitops",
        "GIT_REPO_URL", "https://github.com/acme/shop.git", "GITHUB_TOKEN", "ghp_x"));

    assertThat(options.provider()).isEqualTo(GitOpsOptions.Provider.GITHUB);
    assertThat(options.repository()).isEqualTo("acme/shop");
    assertThat(options.apiUrl()).isEqualTo("https://api.github.com");
    assertThat(options.baseBranch()).isEqualTo("main");
    assertThat(options.toString()).doesNotContain("ghp_x");
  }

  @Test
  void namesTheMissingVariable() {
    assertThatThrownBy(() -> GitOpsOptions.fromEnv(Map.of("REMEDIATION_MODE", "gitops")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("GITOPS_REPO_URL");
    assertThatThrownBy(() -> GitOpsOptions.fromEnv(Map.of("REMEDIATION_MODE", "gitops",
        "GITOPS_REPO_URL", "https://gitlab.example.com/group/shop.git")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("GITLAB_TOKEN");
    assertThatThrownBy(() -> GitOpsOptions.fromEnv(Map.of("REMEDIATION_MODE", "patch")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("REMEDIATION_MODE=patch");
  }

  @Test
  void isConfiguredInLiveModeWhenARepositoryAndATokenAreSet() {
    GitOpsOptions options = GitOpsOptions.fromEnv(Map.of(
        "GIT_REPO_URL", "https://github.com/acme/platform.git", "GITHUB_TOKEN", "ghp_x"));

    assertThat(options.enabled()).as("REMEDIATION_MODE stays live").isFalse();
    assertThat(options.configured()).isTrue();
    assertThat(options.problem()).isNull();
    assertThat(options.repository()).isEqualTo("acme/platform");
  }

  @Test
  void leavesGitOpsUnconfiguredInLiveModeAndSaysWhatToSet() {
    GitOpsOptions nothing = GitOpsOptions.fromEnv(Map.of());
    // a token for tickets and a repository for evidence on a forge GitOps cannot guess: no failure at start-up
    GitOpsOptions unusable = GitOpsOptions.fromEnv(Map.of(
        "GIT_REPO_URL", "https://git.example.com/acme/platform.git", "GITHUB_TOKEN", "ghp_x"));

    assertThat(nothing.configured()).isFalse();
    assertThat(nothing.problem()).contains("GITOPS_REPO_URL", "GIT_REPO_URL", "GITHUB_TOKEN", "GITLAB_TOKEN");
    assertThat(unusable.configured()).isFalse();
    assertThat(unusable.problem()).startsWith("GITOPS_PROVIDER is not set");
    assertThat(unusable.toString()).doesNotContain("ghp_x");
  }
}
