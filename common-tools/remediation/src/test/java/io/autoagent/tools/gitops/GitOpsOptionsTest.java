package io.autoagent.tools.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.config.ConfigException;
import io.autoagent.tools.git.SshOptions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GitOpsOptionsTest {

  @Test
  void defaultsToLiveRemediation() {
    assertThat(GitOpsOptions.fromEnv(Map.of()).enabled()).isFalse();
  }

  @Test
  void derivesProviderRepositoryAndDefaultsFromTheRepoUrl() {
    GitOpsOptions options =
        GitOpsOptions.fromEnv(
            Map.of(
                "REMEDIATION_MODE",
                "gitops",
                "GIT_REPO_URL",
                "https://github.com/acme/shop.git",
                "GITHUB_TOKEN",
                "ghp_x"));

    assertThat(options.provider()).isEqualTo(GitOpsOptions.Provider.GITHUB);
    assertThat(options.repository()).isEqualTo("acme/shop");
    assertThat(options.apiUrl()).isEqualTo("https://api.github.com");
    assertThat(options.baseBranch()).isEqualTo("main");
    assertThat(options.toString()).doesNotContain("ghp_x");
  }

  @Test
  void readsAnSshRepositoryWithTheGitSshVariables() {
    // given
    GitOpsOptions options =
        GitOpsOptions.fromEnv(
            Map.of(
                "REMEDIATION_MODE",
                "gitops",
                "GITOPS_REPO_URL",
                "git@gitlab.example.com:group/shop.git",
                "GITLAB_TOKEN",
                "glpat-x",
                "GIT_SSH_KEY",
                "-----BEGIN OPENSSH PRIVATE KEY-----\nsecret",
                "GIT_SSH_KNOWN_HOSTS_FILE",
                "/keys/known_hosts"));
    GitOpsOptions ssh =
        GitOpsOptions.fromEnv(
            Map.of(
                "REMEDIATION_MODE",
                "gitops",
                "GITOPS_REPO_URL",
                "ssh://git@gitlab.example.com:2222/group/shop.git",
                "GITLAB_TOKEN",
                "glpat-x"));

    // then: the API on the same host over HTTPS, the project from the path, the key kept out of
    // toString
    assertThat(options.provider()).isEqualTo(GitOpsOptions.Provider.GITLAB);
    assertThat(options.apiUrl()).isEqualTo("https://gitlab.example.com");
    assertThat(options.repository()).isEqualTo("group/shop");
    assertThat(options.ssh().key()).isInstanceOf(SshOptions.Material.Inline.class);
    assertThat(options.ssh().knownHosts())
        .isEqualTo(
            new SshOptions.Material.File("GIT_SSH_KNOWN_HOSTS_FILE", Path.of("/keys/known_hosts")));
    assertThat(options.ssh().strictHostKeys()).isTrue();
    assertThat(options.toString()).doesNotContain("secret", "glpat-x");
    assertThat(ssh.apiUrl()).isEqualTo("https://gitlab.example.com");
    assertThat(ssh.repository()).isEqualTo("group/shop");
  }

  @Test
  void namesTheMissingVariable() {
    assertThatThrownBy(() -> GitOpsOptions.fromEnv(Map.of("REMEDIATION_MODE", "gitops")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GITOPS_REPO_URL");
    assertThatThrownBy(
            () ->
                GitOpsOptions.fromEnv(
                    Map.of(
                        "REMEDIATION_MODE",
                        "gitops",
                        "GITOPS_REPO_URL",
                        "https://gitlab.example.com/group/shop.git")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GITLAB_TOKEN");
    assertThatThrownBy(() -> GitOpsOptions.fromEnv(Map.of("REMEDIATION_MODE", "patch")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("REMEDIATION_MODE=patch");
  }

  @Test
  void isConfiguredInLiveModeOnlyWhenGitopsRepoUrlItselfAndATokenAreSet() {
    GitOpsOptions options =
        GitOpsOptions.fromEnv(
            Map.of(
                "GITOPS_REPO_URL",
                "https://github.com/acme/platform.git",
                "GITHUB_TOKEN",
                "ghp_x",
                "GITHUB_REPOSITORY",
                "acme/tickets"));
    // the evidence repository and a ticket token never turn GitOps on by themselves
    GitOpsOptions evidenceOnly =
        GitOpsOptions.fromEnv(
            Map.of(
                "GIT_REPO_URL",
                "https://github.com/acme/platform.git",
                "GITHUB_TOKEN",
                "ghp_x",
                "GITHUB_REPOSITORY",
                "acme/tickets"));

    assertThat(options.enabled()).as("REMEDIATION_MODE stays live").isFalse();
    assertThat(options.configured()).isTrue();
    assertThat(options.problem()).isNull();
    assertThat(options.repository())
        .as("the manifests' repository, not the tickets'")
        .isEqualTo("acme/platform");
    assertThat(evidenceOnly.configured()).isFalse();
    assertThat(evidenceOnly.problem()).contains("GITOPS_REPO_URL");
    assertThat(
            GitOpsOptions.fromEnv(
                    Map.of(
                        "GITOPS_REPO_URL",
                        "https://github.com/acme/platform.git",
                        "GITHUB_TOKEN",
                        "ghp_x",
                        "GITOPS_REPOSITORY",
                        "acme/manifests"))
                .repository())
        .isEqualTo("acme/manifests");
  }

  @Test
  void leavesGitOpsUnconfiguredInLiveModeAndSaysWhatToSet() {
    GitOpsOptions nothing = GitOpsOptions.fromEnv(Map.of());
    // a token for tickets and a repository for evidence on a forge GitOps cannot guess: no failure
    // at start-up
    GitOpsOptions unusable =
        GitOpsOptions.fromEnv(
            Map.of(
                "GITOPS_REPO_URL",
                "https://git.example.com/acme/platform.git",
                "GITHUB_TOKEN",
                "ghp_x"));

    assertThat(nothing.configured()).isFalse();
    assertThat(nothing.problem()).contains("GITOPS_REPO_URL", "GITHUB_TOKEN", "GITLAB_TOKEN");
    assertThat(unusable.configured()).isFalse();
    assertThat(unusable.problem()).startsWith("GITOPS_PROVIDER is not set");
    assertThat(unusable.toString()).doesNotContain("ghp_x");
  }
}
