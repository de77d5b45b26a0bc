package io.autoagent.tools.gitops;

import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.tools.git.GitTransport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proposes a runbook's change as a pull request instead of patching the cluster: checks out the
 * incident's branch (derived from the incident key, so the same incident reuses its branch and pull
 * request), edits the manifest that declares the workload in place, commits as the configured
 * author, pushes (leased, only to that branch), and opens the pull request or updates the open one.
 * Idempotent per incident: a redelivered request adds no duplicate pull request. Calls are
 * serialized (one working copy). Failures: {@link RetriableException} for transport, 5xx and 429
 * and a branch that moved during the push; {@link PermanentException} for refused credentials, a
 * workload no manifest declares, a manifest that already holds the values, or a request the forge
 * refuses.
 */
public final class GitOpsRemediator implements AutoCloseable {

  static final String BRANCH_PREFIX = "autoagent/";
  private static final Logger log = LoggerFactory.getLogger(GitOpsRemediator.class);

  private final GitOpsOptions options;
  private final PullRequests pullRequests;
  private final GitTransport transport;

  /** Talks to the forge that {@code options} names. */
  public GitOpsRemediator(GitOpsOptions options) {
    this(options, pullRequests(options));
  }

  /**
   * Reads the SSH key and known hosts now: a bad one throws {@link
   * io.autoagent.core.config.ConfigException} naming its variable at start-up.
   */
  public GitOpsRemediator(GitOpsOptions options, PullRequests pullRequests) {
    this.options = Objects.requireNonNull(options, "options");
    this.pullRequests = Objects.requireNonNull(pullRequests, "pullRequests");
    if (!options.configured()) {
      throw new IllegalArgumentException("GitOps is not configured: " + options.problem());
    }
    this.transport = GitTransport.create(options.ssh(), options.gitUsername(), options.gitToken());
  }

  static PullRequests pullRequests(GitOpsOptions options) {
    return switch (options.provider()) {
      case GITHUB ->
          new GitHubPullRequests(
              options.apiUrl(), options.repository(), options.apiToken(), options.timeout());
      case GITLAB ->
          new GitLabMergeRequests(
              options.apiUrl(), options.repository(), options.apiToken(), options.timeout());
    };
  }

  /**
   * Makes {@code change} a commit on the incident's branch and opens or updates its pull request.
   */
  public synchronized GitOpsResult remediate(GitOpsChange change) {
    String branch = branchName(change.incidentKey());
    try (GitWorkspace workspace = GitWorkspace.open(options, transport)) {
      ObjectId base = workspace.remoteHead(options.baseBranch());
      if (base == null) {
        throw new PermanentException(
            options.repoUrl()
                + " has no branch "
                + options.baseBranch()
                + " (check "
                + GitOpsOptions.GITOPS_BASE_BRANCH
                + ")");
      }
      ObjectId existing = workspace.remoteHead(branch);
      if (existing != null && change.proposedAt() != null) {
        java.time.Instant landed = PullRequestText.proposedAt(workspace.message(existing));
        if (landed != null && landed.isAfter(change.proposedAt())) {
          // an older proposal (say, one queued while the forge was down) never lands after a newer
          // one
          Optional<PullRequests.PullRequest> open = pullRequests.findOpen(branch);
          log.info(
              "GitOps change for {} proposed at {} is superseded by the one proposed at {}",
              change.incidentKey(),
              change.proposedAt(),
              landed);
          return new GitOpsResult(
              open.map(PullRequests.PullRequest::url).orElse(null),
              branch,
              existing.name(),
              GitOpsResult.Outcome.SUPERSEDED,
              "");
        }
      }
      workspace.checkout(branch, existing != null ? existing : base);
      ObjectId head = edit(workspace, change, branch, existing);
      String diff = workspace.diff(base, head);
      String title = PullRequestText.title(change);
      String body = PullRequestText.body(change, diff);
      Optional<PullRequests.PullRequest> open = pullRequests.findOpen(branch);
      GitOpsResult result =
          open.isPresent()
              ? new GitOpsResult(
                  pullRequests.update(open.get(), title, body).url(),
                  branch,
                  head.name(),
                  GitOpsResult.Outcome.UPDATED,
                  diff)
              : new GitOpsResult(
                  pullRequests.create(branch, options.baseBranch(), title, body).url(),
                  branch,
                  head.name(),
                  GitOpsResult.Outcome.CREATED,
                  diff);
      log.info(
          "GitOps change for {} {}: pull request {} ({})",
          change.incidentKey(),
          change.edits(),
          result.prUrl(),
          result.outcome().wireName());
      return result;
    }
  }

  private ObjectId edit(
      GitWorkspace workspace, GitOpsChange change, String branch, ObjectId existing) {
    Path root = workspace.dir().toPath();
    Path file = declaringFile(root, change);
    String path = root.relativize(file).toString().replace('\\', '/');
    try {
      String before = Files.readString(file, StandardCharsets.UTF_8);
      ManifestEditor.Result edited =
          ManifestEditor.edit(
              path, before, change.kind(), change.workload(), change.namespace(), change.edits());
      if (!edited.changed()) {
        if (existing != null) {
          return existing;
        }
        throw new PermanentException(
            path
                + " already declares "
                + change.edits()
                + " for "
                + change.kind()
                + " "
                + change.namespace()
                + "/"
                + change.workload()
                + ": nothing to propose");
      }
      Files.writeString(file, edited.text(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RetriableException("could not edit " + path + " in " + root + ": " + e, e);
    }
    ObjectId commit = workspace.commit(path, PullRequestText.commitMessage(change));
    workspace.push(branch, existing);
    return commit;
  }

  /** The first YAML file (in path order) that declares the workload. */
  static Path declaringFile(Path root, GitOpsChange change) {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> yaml =
          files
              .filter(p -> !root.relativize(p).startsWith(".git"))
              .filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .sorted()
              .toList();
      for (Path p : yaml) {
        if (ManifestEditor.declares(
            Files.readString(p, StandardCharsets.UTF_8),
            change.kind(),
            change.workload(),
            change.namespace())) {
          return p;
        }
      }
    } catch (IOException e) {
      throw new RetriableException("could not read the manifests in " + root + ": " + e, e);
    }
    throw new PermanentException(
        "no manifest in the repository declares "
            + change.kind()
            + " "
            + change.namespace()
            + "/"
            + change.workload());
  }

  /**
   * The branch of an incident: readable ({@code autoagent/shop-checkout-oomkilled-1a2b3c4d}) and
   * unique by a hash of the whole key.
   */
  public static String branchName(String incidentKey) {
    String slug =
        incidentKey
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-")
            .replaceAll("^-+|-+$", "");
    if (slug.length() > 60) {
      slug = slug.substring(0, 60).replaceAll("-+$", "");
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(incidentKey.getBytes(StandardCharsets.UTF_8));
      return BRANCH_PREFIX + slug + "-" + HexFormat.of().formatHex(hash, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    pullRequests.close();
    transport.close();
  }
}
