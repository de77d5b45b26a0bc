package io.autoagent.tools.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.config.ConfigException;
import io.autoagent.tools.git.SshGitServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitOpsRemediatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = GitOpsChange.incidentKey("shop", "checkout", "OOMKilled");

  @TempDir Path tmp;
  private final MockWebServer server = new MockWebServer();
  private Path remote;
  private ObjectId mainHead;

  @BeforeEach
  void seed() throws Exception {
    server.start(0);
    remote = tmp.resolve("remote.git");
    Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
    Path seed = tmp.resolve("seed");
    try (Git git =
        Git.cloneRepository()
            .setURI(remote.toUri().toString())
            .setDirectory(seed.toFile())
            .call()) {
      Files.createDirectories(seed.resolve("apps/checkout"));
      Files.writeString(seed.resolve("apps/checkout/checkout.yaml"), Manifests.CHECKOUT);
      Files.writeString(seed.resolve("apps/cart.yaml"), Manifests.BARE);
      git.add().addFilepattern(".").call();
      mainHead =
          git.commit()
              .setMessage("seed")
              .setAuthor("Ann", "ann@example.com")
              .setCommitter("Ann", "ann@example.com")
              .setSign(false)
              .call()
              .getId();
      git.push()
          .setRemote("origin")
          .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("HEAD:refs/heads/main"))
          .call();
    }
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private GitOpsOptions options(GitOpsOptions.Provider provider, String repository) {
    return new GitOpsOptions(
        GitOpsOptions.Mode.GITOPS,
        remote.toUri().toString(),
        "main",
        provider,
        server.url("/").toString(),
        "s3cret",
        repository,
        "autoagent",
        "bot@example.com",
        null,
        null,
        null,
        tmp.resolve("work"),
        Duration.ofSeconds(10));
  }

  private static GitOpsChange change(FieldEdit edit) {
    return new GitOpsChange(
        "shop",
        "checkout",
        "Deployment",
        List.of(edit),
        KEY,
        "checkout was OOMKilled 4 times in 10 minutes",
        "raise-memory-limit",
        "exec-1");
  }

  private static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  @Test
  void opensAGitHubPullRequestThenUpdatesItForTheSameIncident() throws Exception {
    // given
    String url = "https://github.com/acme/shop/pull/7";
    server.enqueue(json(200, "[]"));
    server.enqueue(json(201, "{\"number\":7,\"html_url\":\"" + url + "\"}"));
    server.enqueue(json(200, "[{\"number\":7,\"html_url\":\"" + url + "\"}]"));
    server.enqueue(json(200, "{\"number\":7,\"html_url\":\"" + url + "\"}"));
    try (GitOpsRemediator remediator =
        new GitOpsRemediator(options(GitOpsOptions.Provider.GITHUB, "acme/shop"))) {
      // when
      GitOpsResult first = remediator.remediate(change(new FieldEdit.MemoryLimit("app", "512Mi")));
      GitOpsResult second = remediator.remediate(change(new FieldEdit.Replicas(3)));

      // then: one branch, two commits on top of main, the PR opened once and patched once
      assertThat(first.outcome()).isEqualTo(GitOpsResult.Outcome.CREATED);
      assertThat(second.outcome()).isEqualTo(GitOpsResult.Outcome.UPDATED);
      assertThat(first.prUrl()).isEqualTo(url);
      assertThat(second.branch())
          .isEqualTo(first.branch())
          .isEqualTo(GitOpsRemediator.branchName(KEY));
      assertThat(first.mode()).isEqualTo("gitops_pr");
      RecordedRequest find = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(find.getMethod()).isEqualTo("GET");
      assertThat(find.getUrl().encodedPath()).isEqualTo("/repos/acme/shop/pulls");
      assertThat(find.getUrl().queryParameter("head")).isEqualTo("acme:" + first.branch());
      assertThat(find.getUrl().queryParameter("state")).isEqualTo("open");
      assertThat(find.getHeaders().get("Authorization")).isEqualTo("Bearer s3cret");
      RecordedRequest create = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(create.getMethod()).isEqualTo("POST");
      JsonNode body = JSON.readTree(create.getBody().utf8());
      assertThat(body.path("head").asText()).isEqualTo(first.branch());
      assertThat(body.path("base").asText()).isEqualTo("main");
      assertThat(body.path("title").asText()).contains("memory limit of app to 512Mi");
      assertThat(body.path("body").asText())
          .contains(
              "OOMKilled 4 times",
              "raise-memory-limit",
              "```diff\n",
              "+              memory: 512Mi");
      server.takeRequest(5, TimeUnit.SECONDS);
      RecordedRequest patch = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(patch.getMethod()).isEqualTo("PATCH");
      assertThat(patch.getUrl().encodedPath()).isEqualTo("/repos/acme/shop/pulls/7");
      assertThat(JSON.readTree(patch.getBody().utf8()).path("body").asText())
          .contains("+  replicas: 3 # scaled", "+              memory: 512Mi");
      assertRemoteBranch(
          first.branch(),
          second.commit(),
          Manifests.CHECKOUT
              .replace("replicas: 2 #", "replicas: 3 #")
              .replace(
                  "          resources:\n            requests",
                  "          resources:\n            limits:\n              memory: 512Mi\n            requests"));
    }
  }

  @Test
  void anOlderProposalIsSupersededEvenWhenTheNewerPullRequestIsNoLongerOpen() throws Exception {
    // given: the newer proposal opened pull request 9, which was then merged (no open one now)
    String url = "https://github.com/acme/shop/pull/9";
    server.enqueue(json(200, "[]"));
    server.enqueue(json(201, "{\"number\":9,\"html_url\":\"" + url + "\"}"));
    server.enqueue(json(200, "[]"));
    try (GitOpsRemediator remediator =
        new GitOpsRemediator(options(GitOpsOptions.Provider.GITHUB, "acme/shop"))) {
      GitOpsResult newer =
          remediator.remediate(
              change(new FieldEdit.Replicas(3))
                  .at(java.time.Instant.parse("2026-11-22T10:05:00Z")));

      // when: the older proposal arrives late
      GitOpsResult older =
          remediator.remediate(
              change(new FieldEdit.MemoryLimit("app", "512Mi"))
                  .at(java.time.Instant.parse("2026-11-22T10:00:00Z")));

      // then: superseded, no URL to give, nothing pushed over the newer commit
      assertThat(older.outcome()).isEqualTo(GitOpsResult.Outcome.SUPERSEDED);
      assertThat(older.prUrl()).isNull();
      assertThat(older.commit()).isEqualTo(newer.commit());
      assertThat(server.getRequestCount()).isEqualTo(3);
    }
  }

  @Test
  void anOlderProposalNeverLandsAfterANewerOneOfTheSameIncident() throws Exception {
    // given: the newer proposal (replicas 3, made at 10:05) opened the pull request first; the
    // older one (512Mi, made at 10:00) was queued while the forge was down and arrives after it
    String url = "https://github.com/acme/shop/pull/9";
    server.enqueue(json(200, "[]"));
    server.enqueue(json(201, "{\"number\":9,\"html_url\":\"" + url + "\"}"));
    server.enqueue(json(200, "[{\"number\":9,\"html_url\":\"" + url + "\"}]"));
    try (GitOpsRemediator remediator =
        new GitOpsRemediator(options(GitOpsOptions.Provider.GITHUB, "acme/shop"))) {
      GitOpsResult newer =
          remediator.remediate(
              change(new FieldEdit.Replicas(3))
                  .at(java.time.Instant.parse("2026-11-22T10:05:00Z")));

      // when
      GitOpsResult older =
          remediator.remediate(
              change(new FieldEdit.MemoryLimit("app", "512Mi"))
                  .at(java.time.Instant.parse("2026-11-22T10:00:00Z")));

      // then: nothing pushed, nothing patched, the branch still holds the newer proposal alone
      assertThat(older.outcome()).isEqualTo(GitOpsResult.Outcome.SUPERSEDED);
      assertThat(older.prUrl()).isEqualTo(url);
      assertThat(older.commit()).isEqualTo(newer.commit());
      try (Repository repo = Git.open(remote.toFile()).getRepository();
          RevWalk walk = new RevWalk(repo)) {
        RevCommit tip = walk.parseCommit(repo.resolve("refs/heads/" + newer.branch()));
        assertThat(tip.getName()).isEqualTo(newer.commit());
        assertThat(tip.getParent(0).getId()).isEqualTo(mainHead);
        assertThat(tip.getFullMessage()).contains("Proposed-At: 2026-11-22T10:05:00Z");
        try (TreeWalk tree = TreeWalk.forPath(repo, "apps/checkout/checkout.yaml", tip.getTree())) {
          assertThat(new String(repo.open(tree.getObjectId(0)).getBytes()))
              .doesNotContain("memory: 512Mi");
        }
      }
      assertThat(server.getRequestCount()).as("find, create, then only a find").isEqualTo(3);
    }
  }

  @Test
  void opensAGitLabMergeRequestThenUpdatesIt() throws Exception {
    // given
    String url = "https://gitlab.example.com/group/shop/-/merge_requests/3";
    server.enqueue(json(200, "[]"));
    server.enqueue(json(201, "{\"iid\":3,\"web_url\":\"" + url + "\"}"));
    server.enqueue(json(200, "[{\"iid\":3,\"web_url\":\"" + url + "\"}]"));
    server.enqueue(json(200, "{\"iid\":3,\"web_url\":\"" + url + "\"}"));
    try (GitOpsRemediator remediator =
        new GitOpsRemediator(options(GitOpsOptions.Provider.GITLAB, "group/shop"))) {
      // when
      GitOpsResult first =
          remediator.remediate(
              change(new FieldEdit.Image("app", "registry.example.com/checkout:1.4.1")));
      GitOpsResult second = remediator.remediate(change(new FieldEdit.Replicas(4)));

      // then
      assertThat(first.outcome()).isEqualTo(GitOpsResult.Outcome.CREATED);
      assertThat(second.outcome()).isEqualTo(GitOpsResult.Outcome.UPDATED);
      assertThat(second.prUrl()).isEqualTo(url);
      RecordedRequest find = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(find.getUrl().encodedPath())
          .isEqualTo("/api/v4/projects/group%2Fshop/merge_requests");
      assertThat(find.getUrl().queryParameter("source_branch")).isEqualTo(first.branch());
      assertThat(find.getUrl().queryParameter("state")).isEqualTo("opened");
      assertThat(find.getHeaders().get("PRIVATE-TOKEN")).isEqualTo("s3cret");
      RecordedRequest create = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(create.getMethod()).isEqualTo("POST");
      JsonNode body = JSON.readTree(create.getBody().utf8());
      assertThat(body.path("source_branch").asText()).isEqualTo(first.branch());
      assertThat(body.path("target_branch").asText()).isEqualTo("main");
      assertThat(body.path("description").asText()).contains("checkout:1.4.1\"  # pinned");
      server.takeRequest(5, TimeUnit.SECONDS);
      RecordedRequest put = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(put.getMethod()).isEqualTo("PUT");
      assertThat(put.getUrl().encodedPath())
          .isEqualTo("/api/v4/projects/group%2Fshop/merge_requests/3");
      assertRemoteBranch(
          first.branch(),
          second.commit(),
          Manifests.CHECKOUT
              .replace("replicas: 2 #", "replicas: 4 #")
              .replace("checkout:1.4.2", "checkout:1.4.1"));
    }
  }

  @Test
  void pushesTheBranchOverSshWithTheGitSshKey() throws Exception {
    // given: the same remote served over SSH, configured as an operator would
    try (SshGitServer ssh = new SshGitServer(remote, tmp.resolve("keys"))) {
      Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), ssh.knownHostsLine() + "\n");
      GitOpsOptions options =
          GitOpsOptions.fromEnv(
              Map.of(
                  "REMEDIATION_MODE",
                  "gitops",
                  "GITOPS_REPO_URL",
                  ssh.url("acme/shop.git"),
                  "GITOPS_PROVIDER",
                  "github",
                  "GITHUB_TOKEN",
                  "s3cret",
                  "GITHUB_API_URL",
                  server.url("/").toString(),
                  "GITOPS_AUTHOR_EMAIL",
                  "bot@example.com",
                  "GITOPS_WORK_DIR",
                  tmp.resolve("work").toString(),
                  "GITOPS_TIMEOUT_S",
                  "20",
                  "GIT_SSH_KEY_FILE",
                  ssh.clientKeyFile.toString(),
                  "GIT_SSH_KNOWN_HOSTS_FILE",
                  knownHosts.toString()));
      String url = "https://github.com/acme/shop/pull/8";
      server.enqueue(json(200, "[]"));
      server.enqueue(json(201, "{\"number\":8,\"html_url\":\"" + url + "\"}"));

      try (GitOpsRemediator remediator = new GitOpsRemediator(options)) {
        // when
        GitOpsResult result = remediator.remediate(change(new FieldEdit.Replicas(3)));

        // then: the branch and commit are on the SSH server's repository, and the pull request is
        // opened
        assertThat(result.outcome()).isEqualTo(GitOpsResult.Outcome.CREATED);
        assertThat(result.prUrl()).isEqualTo(url);
        assertThat(ssh.repository().exactRef("refs/heads/" + result.branch()).getObjectId().name())
            .isEqualTo(result.commit());
        assertThat(ssh.repository().exactRef("refs/heads/main").getObjectId()).isEqualTo(mainHead);
        try (RevWalk walk = new RevWalk(ssh.repository())) {
          RevCommit tip = walk.parseCommit(ObjectId.fromString(result.commit()));
          assertThat(tip.getParent(0).getId()).isEqualTo(mainHead);
          assertThat(tip.getAuthorIdent().getEmailAddress()).isEqualTo("bot@example.com");
          try (TreeWalk tree =
              TreeWalk.forPath(ssh.repository(), "apps/checkout/checkout.yaml", tip.getTree())) {
            assertThat(new String(ssh.repository().open(tree.getObjectId(0)).getBytes()))
                .isEqualTo(Manifests.CHECKOUT.replace("replicas: 2 #", "replicas: 3 #"));
          }
        }
        RecordedRequest find = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(find.getUrl().encodedPath()).isEqualTo("/repos/acme/shop/pulls");
        assertThat(find.getUrl().queryParameter("head")).isEqualTo("acme:" + result.branch());
        assertThat(find.getHeaders().get("Authorization")).isEqualTo("Bearer s3cret");
        RecordedRequest create = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(create.getMethod()).isEqualTo("POST");
        assertThat(JSON.readTree(create.getBody().utf8()).path("head").asText())
            .isEqualTo(result.branch());
      }
    }
  }

  @Test
  void refusesAnSshServerWhoseHostKeyIsUnknownBeforeAnyPullRequest() throws Exception {
    // given: strict by default, and a known_hosts file without this server
    try (SshGitServer ssh = new SshGitServer(remote, tmp.resolve("keys"))) {
      GitOpsOptions options =
          GitOpsOptions.fromEnv(
              Map.of(
                  "REMEDIATION_MODE",
                  "gitops",
                  "GITOPS_REPO_URL",
                  ssh.url("acme/shop.git"),
                  "GITOPS_PROVIDER",
                  "github",
                  "GITHUB_TOKEN",
                  "s3cret",
                  "GITHUB_REPOSITORY",
                  "acme/shop",
                  "GITHUB_API_URL",
                  server.url("/").toString(),
                  "GITOPS_WORK_DIR",
                  tmp.resolve("work").toString(),
                  "GIT_SSH_KEY_FILE",
                  ssh.clientKeyFile.toString(),
                  "GIT_SSH_KNOWN_HOSTS_FILE",
                  Files.writeString(tmp.resolve("known_hosts"), "").toString()));

      try (GitOpsRemediator remediator = new GitOpsRemediator(options)) {
        // when, then: permanent (retrying cannot fix a host key), one line naming the URL and the
        // refused key; no branch pushed, the forge never called
        assertThatThrownBy(() -> remediator.remediate(change(new FieldEdit.Replicas(3))))
            .isInstanceOf(PermanentException.class)
            .satisfies(
                e ->
                    assertThat(e.getMessage())
                        .doesNotContain("\n")
                        .contains(ssh.url("acme/shop.git"))
                        .contains("Server key did not validate"));
        assertThat(ssh.repository().getRefDatabase().getRefsByPrefix("refs/heads/autoagent/"))
            .isEmpty();
        assertThat(server.getRequestCount()).isZero();
      }
    }
  }

  @Test
  void namesABadSshKeyWhenCreated() throws Exception {
    // given
    Path notAKey = Files.writeString(tmp.resolve("id"), "not a key\n");
    GitOpsOptions options =
        GitOpsOptions.fromEnv(
            Map.of(
                "REMEDIATION_MODE",
                "gitops",
                "GITOPS_REPO_URL",
                "git@github.com:acme/shop.git",
                "GITHUB_TOKEN",
                "s3cret",
                "GIT_SSH_KEY_FILE",
                notAKey.toString()));

    // when, then: at start-up, not at the first incident
    assertThatThrownBy(() -> new GitOpsRemediator(options))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GIT_SSH_KEY_FILE=" + notAKey + " is not valid");
  }

  @Test
  void refusesAWorkloadNoManifestDeclares() {
    try (GitOpsRemediator remediator =
        new GitOpsRemediator(options(GitOpsOptions.Provider.GITHUB, "acme/shop"))) {
      GitOpsChange change =
          new GitOpsChange(
              "shop",
              "payments",
              null,
              List.of(new FieldEdit.Replicas(2)),
              KEY,
              "",
              "scale-up",
              null);

      assertThatThrownBy(() -> remediator.remediate(change))
          .isInstanceOf(PermanentException.class)
          .hasMessageContaining("Deployment shop/payments");
    }
  }

  /**
   * The remote has main and exactly one agent branch, two commits ahead of main, with {@code text}.
   */
  private void assertRemoteBranch(String branch, String head, String text) throws Exception {
    try (Repository repo = Git.open(remote.toFile()).getRepository();
        RevWalk walk = new RevWalk(repo)) {
      assertThat(repo.getRefDatabase().getRefsByPrefix("refs/heads/"))
          .extracting(r -> r.getName())
          .containsExactlyInAnyOrder("refs/heads/main", "refs/heads/" + branch);
      RevCommit tip = walk.parseCommit(repo.resolve("refs/heads/" + branch));
      assertThat(tip.getName()).isEqualTo(head);
      assertThat(tip.getAuthorIdent().getEmailAddress()).isEqualTo("bot@example.com");
      RevCommit parent = walk.parseCommit(tip.getParent(0));
      assertThat(parent.getParent(0).getId()).isEqualTo(mainHead);
      try (TreeWalk tree = TreeWalk.forPath(repo, "apps/checkout/checkout.yaml", tip.getTree())) {
        assertThat(new String(repo.open(tree.getObjectId(0)).getBytes())).isEqualTo(text);
      }
    }
  }
}
