package io.autoagent.tools.git;

import static io.autoagent.tools.git.GitFixture.deployment;
import static io.autoagent.tools.git.GitFixture.env;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.drift.LiveCluster;
import io.autoagent.tools.drift.WorkloadSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitEvidenceSourceTest {

  static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");
  @TempDir Path tmp;

  static Alert alert(String service) {
    return new Alert(
        "a-1",
        "c-1",
        service,
        "shop",
        Severity.CRITICAL,
        "CrashLoopBackOff",
        null,
        null,
        null,
        STARTED,
        null,
        null);
  }

  private GitEvidenceSource source(Path repo, LiveCluster live) {
    return new GitEvidenceSource(
        GitOptions.local(repo), live, Clock.fixed(STARTED, ZoneOffset.UTC));
  }

  @Test
  void stateTokenIsTheCommitReadSoANewCommitEndsTheReuseOfAnAnalysis() throws Exception {
    // given a repository with one commit, read once
    try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
      repo.write(
              "apps/cart/deploy.yaml",
              deployment("cart", "shop/cart:3.0", env("A", "1"), 1, "/ready"))
          .commit("initial", "Alice", STARTED.minus(Duration.ofDays(3)));
      try (GitEvidenceSource source = source(repo.dir, LiveCluster.NONE)) {
        assertThat(source.stateToken(alert("cart"))).isNull(); // not open yet: cannot tell
        source.collect(alert("cart"));
        Object first = source.stateToken(alert("cart"));
        assertThat(first).isNotNull().isEqualTo(source.stateToken(alert("cart")));

        // when a commit lands
        repo.write(
                "apps/cart/deploy.yaml",
                deployment("cart", "shop/cart:3.1", env("A", "1"), 1, "/ready"))
            .commit("cart 3.1", "Carol", STARTED.minus(Duration.ofHours(1)));

        // then the token moves
        assertThat(source.stateToken(alert("cart"))).isNotNull().isNotEqualTo(first);
      }
    }
  }

  @Test
  void summarisesTheServiceCommitsWithinTheLookbackAsStructuredChanges() throws Exception {
    // given
    try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
      repo.write(
              "apps/checkout/deploy.yaml",
              deployment(
                  "checkout", "shop/checkout:1.4", env("DB_URL", "a", "MODE", "x"), 2, "/ready"))
          .write(
              "apps/cart/deploy.yaml",
              deployment("cart", "shop/cart:3.0", env("A", "1"), 1, "/ready"))
          .commit("initial", "Alice", STARTED.minus(Duration.ofDays(3)));
      repo.write(
              "apps/checkout/deploy.yaml",
              deployment(
                  "checkout",
                  "shop/checkout:1.5",
                  env("DB_URL", "b", "FEATURE_X", "secret-value"),
                  3,
                  "/healthz"))
          .commit("checkout 1.5", "Bob", STARTED.minus(Duration.ofHours(2)));
      repo.write(
              "apps/cart/deploy.yaml",
              deployment("cart", "shop/cart:3.1", env("A", "1"), 1, "/ready"))
          .commit("cart 3.1", "Carol", STARTED.minus(Duration.ofHours(1)));
      RevCommit after =
          repo.write(
                  "apps/checkout/deploy.yaml",
                  deployment(
                      "checkout",
                      "shop/checkout:1.6",
                      env("DB_URL", "b", "FEATURE_X", "secret-value"),
                      3,
                      "/healthz"))
              .commit("after the alert", "Dan", STARTED.plus(Duration.ofMinutes(5)));

      // when
      SourceReport report;
      try (GitEvidenceSource source = source(repo.dir, LiveCluster.NONE)) {
        report = source.collect(alert("checkout"));
      }

      // then
      assertThat(report.status()).isEqualTo(SourceReport.Status.OK);
      assertThat(report.changes())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.source()).isEqualTo("git");
                assertThat(c.author()).isEqualTo("Bob <bob@example.com>");
                assertThat(c.time()).isEqualTo(STARTED.minus(Duration.ofHours(2)));
                assertThat(c.files()).containsExactly("apps/checkout/deploy.yaml");
                assertThat(c.revision()).isNotEqualTo(after.getName()).hasSize(40);
                assertThat(c.summary())
                    .isEqualTo(
                        "replicas Deployment/checkout: 2 -> 3; "
                            + "image app: shop/checkout:1.4 -> shop/checkout:1.5; "
                            + "env app: changed DB_URL; env app: added FEATURE_X; env app: removed MODE; "
                            + "probes app: readiness changed");
                assertThat(c.summary()).doesNotContain("secret-value");
              });
    }
  }

  @Test
  void followsThePathOfTheServiceArgoCdApplicationDeclaredInGit() throws Exception {
    try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
      repo.write(
              "argocd/checkout.yaml",
              """
              apiVersion: argoproj.io/v1alpha1
              kind: Application
              metadata: {name: checkout, namespace: argocd}
              spec:
                source: {repoURL: https://git.example.com/deploy.git, path: envs/prod/checkout, targetRevision: main}
                destination: {namespace: shop}
              """)
          .write(
              "envs/prod/checkout/app.yaml",
              deployment("checkout-v2", "shop/checkout:1.4", env("A", "1"), 2, "/ready"))
          .write("envs/prod/checkout/values.conf", "a=1\n")
          .commit("initial", "Alice", STARTED.minus(Duration.ofDays(3)));
      repo.write("envs/prod/checkout/values.conf", "a=2\n")
          .commit("tune", "Bob", STARTED.minus(Duration.ofHours(3)));

      SourceReport report;
      try (GitEvidenceSource source = source(repo.dir, LiveCluster.NONE)) {
        report = source.collect(alert("checkout"));
      }

      assertThat(report.changes())
          .extracting(Change::summary)
          .containsExactly("other: envs/prod/checkout/values.conf");
    }
  }

  @Test
  void reportsDriftBetweenGitAndTheLiveWorkload() throws Exception {
    try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
      repo.write(
              "checkout.yaml",
              deployment("checkout", "shop/checkout:1.5", env("A", "1"), 3, "/ready"))
          .commit("initial", "Alice", STARTED.minus(Duration.ofDays(3)));
      String liveYaml =
          deployment("checkout", "shop/checkout:1.4-hotfix", env("A", "1"), 3, "/ready");
      WorkloadSpec liveSpec =
          WorkloadSpec.fromManifest(
                  new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                      .readerFor(com.fasterxml.jackson.databind.JsonNode.class)
                      .<com.fasterxml.jackson.databind.JsonNode>readValues(liveYaml)
                      .next())
              .orElseThrow();
      LiveCluster live =
          new LiveCluster() {
            @Override
            public Optional<LiveWorkload> workload(String namespace, String service) {
              return Optional.of(new LiveWorkload(liveSpec, false));
            }

            @Override
            public Optional<KubeVersion> serverVersion() {
              return Optional.of(new KubeVersion(1, 30));
            }
          };

      SourceReport report;
      try (GitEvidenceSource source = source(repo.dir, live)) {
        report = source.collect(alert("checkout"));
      }

      assertThat(report.findings())
          .filteredOn(f -> f.category() == Category.CONFIG_DRIFT)
          .singleElement()
          .satisfies(
              f ->
                  assertThat(f.evidence())
                      .containsExactly(
                          "containers[app].image: declared shop/checkout:1.5, live shop/checkout:1.4-hotfix"));
      assertThat(report.findings())
          .filteredOn(f -> f.category() != Category.CONFIG_DRIFT)
          .allMatch(f -> f.severity() == Severity.LOW);
    }
  }

  @Test
  void lintsTheServiceManifests() throws Exception {
    try (GitFixture repo = new GitFixture(tmp.resolve("repo"))) {
      repo.write(
              "checkout.yaml",
              deployment("checkout", "shop/checkout:latest", env("A", "1"), 3, "/ready"))
          .commit("initial", "Alice", STARTED.minus(Duration.ofDays(3)));

      SourceReport report;
      try (GitEvidenceSource source = source(repo.dir, LiveCluster.NONE)) {
        report = source.collect(alert("checkout"));
      }

      assertThat(report.findings())
          .extracting(Finding::message)
          .containsExactly(
              "Container app uses shop/checkout:latest, a moving tag: what runs can change without a change in git.");
    }
  }

  @Test
  void isUnavailableWhenTheRepositoryCannotBeOpened() {
    try (GitEvidenceSource source = source(tmp.resolve("missing"), LiveCluster.NONE)) {
      SourceReport report = source.collect(alert("checkout"));

      assertThat(report.status()).isEqualTo(SourceReport.Status.UNAVAILABLE);
      assertThat(report.detail()).contains("missing").contains("is not a git repository");
      assertThat(source.healthy()).isFalse();
    }
  }

  @Test
  void clonesTheRemoteAndSeesNewCommitsAfterAFetch() throws Exception {
    try (GitFixture upstream = new GitFixture(tmp.resolve("upstream"))) {
      upstream
          .write(
              "checkout.yaml",
              deployment("checkout", "shop/checkout:1.4", env("A", "1"), 2, "/ready"))
          .commit("initial", "Alice", STARTED.minus(Duration.ofDays(3)));
      GitOptions options =
          GitOptions.local(tmp.resolve("clone"))
              .withRemote(upstream.dir.toUri().toString(), null, Duration.ofHours(1));
      try (GitEvidenceSource source =
          new GitEvidenceSource(options, LiveCluster.NONE, Clock.fixed(STARTED, ZoneOffset.UTC))) {
        assertThat(source.collect(alert("checkout")).status())
            .isEqualTo(SourceReport.Status.UNAVAILABLE);

        source.syncNow();
        assertThat(source.collect(alert("checkout")).changes()).isEmpty();

        upstream
            .write(
                "checkout.yaml",
                deployment("checkout", "shop/checkout:1.5", env("A", "1"), 2, "/ready"))
            .commit("1.5", "Bob", STARTED.minus(Duration.ofMinutes(10)));
        source.syncNow();

        List<Change> changes = source.collect(alert("checkout")).changes();
        assertThat(changes)
            .extracting(Change::summary)
            .containsExactly("image app: shop/checkout:1.4 -> shop/checkout:1.5");
        assertThat(source.healthy()).isTrue();
      }
    }
  }

  @Test
  void isUnhealthyButKeepsItsCloneWhenAFetchFails() throws Exception {
    GitOptions options =
        GitOptions.local(tmp.resolve("clone"))
            .withRemote(tmp.resolve("nowhere").toUri().toString(), null, Duration.ofHours(1));
    try (GitEvidenceSource source = new GitEvidenceSource(options, LiveCluster.NONE)) {
      source.syncNow();

      assertThat(source.healthy()).isFalse();
      assertThat(source.collect(alert("checkout")).status())
          .isEqualTo(SourceReport.Status.UNAVAILABLE);
    }
  }
}
