package io.autoagent.tools.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clone and fetch over SSH against a real SSH git server in the JVM. */
class GitSshTest {

  @TempDir Path tmp;
  private SshGitServer server;
  private GitFixture author;
  private Path knownHosts;

  @BeforeEach
  void serve() throws Exception {
    Path remote = tmp.resolve("remote.git");
    author = new GitFixture(tmp.resolve("author"));
    author.write(
        "apps/checkout.yaml",
        GitFixture.deployment("checkout", "shop/checkout:1.0", "", 2, "/ready"));
    author.commit("checkout 1.0", "Ann", Instant.parse("2026-01-10T10:00:00Z"));
    Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
    push(remote);
    server = new SshGitServer(remote, tmp.resolve("keys"));
    knownHosts = Files.writeString(tmp.resolve("known_hosts"), server.knownHostsLine() + "\n");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    author.close();
  }

  private void push(Path remote) throws Exception {
    try (Git git = Git.open(author.dir.toFile())) {
      git.push()
          .setRemote(remote.toUri().toString())
          .setRefSpecs(new RefSpec("HEAD:refs/heads/main"))
          .call();
    }
  }

  private GitOptions options(Map<String, String> ssh) {
    Map<String, String> vars = new HashMap<>(ssh);
    vars.put("GIT_REPO_PATH", tmp.resolve("clone").toString());
    vars.put("GIT_REPO_URL", server.url("shop/deploy.git"));
    vars.put("GIT_BRANCH", "main");
    vars.put("GIT_TIMEOUT_S", "20");
    return GitOptions.fromEnv(vars);
  }

  private ObjectId serverHead() throws Exception {
    return server.repository().exactRef("refs/heads/main").getObjectId();
  }

  @Test
  void clonesAndFetchesWithAKeyFileAndAKnownHostsFile() throws Exception {
    // given
    GitOptions options =
        options(
            Map.of(
                "GIT_SSH_KEY_FILE",
                server.clientKeyFile.toString(),
                "GIT_SSH_KNOWN_HOSTS_FILE",
                knownHosts.toString()));

    try (GitRepository repo = GitRepository.open(options)) {
      // then: cloned at the server's head
      assertThat(repo.head()).contains(serverHead());
      assertThat(repo.yamlFiles(repo.head().orElseThrow())).containsKey("apps/checkout.yaml");

      // when: a new commit reaches the server and the agent fetches
      author.write(
          "apps/checkout.yaml",
          GitFixture.deployment("checkout", "shop/checkout:1.1", "", 2, "/ready"));
      RevCommit bump = author.commit("checkout 1.1", "Bob", Instant.parse("2026-01-11T10:00:00Z"));
      push(tmp.resolve("remote.git"));
      repo.fetch();

      // then
      assertThat(repo.head()).contains(bump.getId());
      assertThat(serverHead()).isEqualTo(bump.getId());
    }
  }

  @Test
  void clonesWithTheKeyAndKnownHostsGivenInline() throws Exception {
    // given: what a Kubernetes Secret and a values file would put in the environment
    GitOptions options =
        options(
            Map.of(
                "GIT_SSH_KEY",
                Files.readString(server.clientKeyFile),
                "GIT_SSH_KNOWN_HOSTS",
                "# scanned\n" + server.knownHostsLine()));

    // when
    try (GitRepository repo = GitRepository.open(options)) {
      // then
      assertThat(repo.head()).contains(serverHead());
    }
    assertThat(options.toString()).doesNotContain("PRIVATE KEY");
  }

  @Test
  void refusesAHostWhoseKeyIsNotKnownWhenStrict() throws Exception {
    // given: strict by default, and a known_hosts file that lists another key for this host
    Path otherHosts =
        Files.writeString(
            tmp.resolve("other_hosts"),
            server.knownHostsLine().split(" ")[0]
                + " "
                + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                    SshGitServer.newKey().getPublic())
                + "\n");
    GitOptions options =
        options(
            Map.of(
                "GIT_SSH_KEY_FILE",
                server.clientKeyFile.toString(),
                "GIT_SSH_KNOWN_HOSTS_FILE",
                otherHosts.toString()));
    GitOptions empty =
        options(
            Map.of(
                "GIT_SSH_KEY_FILE",
                server.clientKeyFile.toString(),
                "GIT_SSH_KNOWN_HOSTS_FILE",
                Files.writeString(tmp.resolve("empty_hosts"), "").toString()));

    // when, then: neither the changed key nor an unknown host is trusted, and nothing is cloned
    assertThatThrownBy(() -> GitRepository.open(options))
        .satisfies(e -> assertOneLineNaming(e, server.url("shop/deploy.git")))
        .hasMessageContaining("Server key did not validate");
    assertThatThrownBy(() -> GitRepository.open(empty))
        .satisfies(e -> assertOneLineNaming(e, server.url("shop/deploy.git")))
        .hasMessageContaining("Server key did not validate");
    assertThat(Files.readString(tmp.resolve("empty_hosts"))).isEmpty();
    assertThat(tmp.resolve("clone").resolve("objects").resolve("pack")).doesNotExist();
  }

  @Test
  void trustsAnUnknownHostOnFirstUseOnlyWhenStrictCheckingIsOff() throws Exception {
    // given
    Path hosts = Files.writeString(tmp.resolve("tofu_hosts"), "");
    GitOptions options =
        options(
            Map.of(
                "GIT_SSH_KEY_FILE",
                server.clientKeyFile.toString(),
                "GIT_SSH_KNOWN_HOSTS_FILE",
                hosts.toString(),
                "GIT_SSH_STRICT_HOST_KEY_CHECKING",
                "false"));

    // when
    try (GitRepository repo = GitRepository.open(options)) {
      // then: cloned, and the server's key remembered for next time
      assertThat(repo.head()).contains(serverHead());
    }
    String hostKey = server.knownHostsLine().substring(server.knownHostsLine().indexOf(' '));
    assertThat(Files.readString(hosts).strip())
        .startsWith(server.knownHostsLine().split(" ")[0])
        .endsWith(hostKey);

    // and: what was remembered is enough for strict checking
    Map<String, String> strict =
        new HashMap<>(
            Map.of(
                "GIT_SSH_KEY_FILE",
                server.clientKeyFile.toString(),
                "GIT_SSH_KNOWN_HOSTS_FILE",
                hosts.toString(),
                "GIT_REPO_PATH",
                tmp.resolve("strict-clone").toString(),
                "GIT_REPO_URL",
                server.url("shop/deploy.git")));
    try (GitRepository repo = GitRepository.open(GitOptions.fromEnv(strict))) {
      assertThat(repo.head()).contains(serverHead());
    }
  }

  @Test
  void aKeyTheServerDoesNotKnowFailsInOneLineNamingTheUrl() throws Exception {
    // given
    Path stranger = SshGitServer.writePrivateKey(tmp.resolve("stranger"), SshGitServer.newKey());
    GitOptions options =
        options(
            Map.of(
                "GIT_SSH_KEY_FILE",
                stranger.toString(),
                "GIT_SSH_KNOWN_HOSTS_FILE",
                knownHosts.toString()));

    // when, then
    assertThatThrownBy(() -> GitRepository.open(options))
        .satisfies(e -> assertOneLineNaming(e, server.url("shop/deploy.git")));
  }

  @Test
  void namesTheVariableOfAKeyThatCannotBeUsed() throws Exception {
    // given
    Path notAKey = Files.writeString(tmp.resolve("not-a-key"), "hello\n");

    // when, then: before any connection, naming the variable, never the inline key
    assertThatThrownBy(
            () -> GitRepository.open(options(Map.of("GIT_SSH_KEY_FILE", notAKey.toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GIT_SSH_KEY_FILE=" + notAKey + " is not valid");
    assertThatThrownBy(
            () ->
                GitRepository.open(
                    options(Map.of("GIT_SSH_KEY", "-----BEGIN OPENSSH PRIVATE KEY-----\nxx"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GIT_SSH_KEY is not valid")
        .hasMessageNotContaining("BEGIN");
    assertThatThrownBy(
            () ->
                GitRepository.open(
                    options(
                        Map.of(
                            "GIT_SSH_KEY_FILE",
                            server.clientKeyFile.toString(),
                            "GIT_SSH_KNOWN_HOSTS_FILE",
                            tmp.resolve("missing").toString()))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GIT_SSH_KNOWN_HOSTS_FILE=" + tmp.resolve("missing"));
  }

  static void assertOneLineNaming(Throwable e, String url) {
    assertThat(e.getMessage()).doesNotContain("\n").contains(url);
  }
}
