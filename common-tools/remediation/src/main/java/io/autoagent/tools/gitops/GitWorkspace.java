package io.autoagent.tools.gitops;

import io.autoagent.core.AgentException;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.tools.git.GitTransport;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefLeaseSpec;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JGit adapter of GitOps mode: a non-bare working copy in {@code workDir}, cloned once and
 * fetched before each change, on which the agent's branch is checked out, committed and pushed. Not
 * thread-safe: {@link GitOpsRemediator} serializes its use.
 */
final class GitWorkspace implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GitWorkspace.class);

  private final GitOpsOptions options;
  private final Git git;
  private final GitTransport transport;

  private GitWorkspace(GitOpsOptions options, Git git, GitTransport transport) {
    this.options = options;
    this.git = git;
    this.transport = transport;
  }

  /**
   * Opens the working copy in {@code workDir} (cloning it when missing) and fetches through {@code
   * transport}: HTTPS with the token, or SSH with the {@code GIT_SSH_*} key and known hosts. The
   * caller owns {@code transport}.
   */
  static GitWorkspace open(GitOpsOptions options, GitTransport transport) {
    File dir = options.workDir().toFile();
    Git git = null;
    try {
      if (new File(dir, ".git").isDirectory()) {
        git = Git.open(dir);
      } else {
        log.info("Cloning {} into {}", options.repoUrl(), dir);
        git =
            Git.cloneRepository()
                .setURI(options.repoUrl())
                .setDirectory(dir)
                .setBranch(options.baseBranch())
                .setTransportConfigCallback(transport)
                .setTimeout(seconds(options))
                .call();
      }
      GitWorkspace workspace = new GitWorkspace(options, git, transport);
      workspace.fetch();
      return workspace;
    } catch (IOException | GitAPIException e) {
      if (git != null) {
        git.close();
      }
      throw map("open " + options.repoUrl(), e);
    }
  }

  private void fetch() throws GitAPIException {
    git.fetch()
        .setRemote(Constants.DEFAULT_REMOTE_NAME)
        .setRemoveDeletedRefs(true)
        .setTransportConfigCallback(transport)
        .setTimeout(seconds(options))
        .call();
  }

  File dir() {
    return git.getRepository().getWorkTree();
  }

  /** The remote's head of {@code branch}, or null when the remote has no such branch. */
  ObjectId remoteHead(String branch) {
    try {
      Ref ref =
          git.getRepository()
              .exactRef(Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/" + branch);
      return ref == null ? null : ref.getObjectId();
    } catch (IOException e) {
      throw map("read " + branch, e);
    }
  }

  /** Checks out {@code branch} at {@code start}, discarding anything left in the working tree. */
  void checkout(String branch, ObjectId start) {
    try {
      git.checkout().setName(start.name()).setForced(true).call();
      git.branchCreate().setName(branch).setStartPoint(start.name()).setForce(true).call();
      git.checkout().setName(branch).setForced(true).call();
      git.reset().setMode(ResetCommand.ResetType.HARD).setRef(start.name()).call();
      git.clean().setCleanDirectories(true).setForce(true).call();
    } catch (GitAPIException e) {
      throw map("check out " + branch, e);
    }
  }

  /** Commits {@code path} (relative, with {@code /}) as the configured author. */
  ObjectId commit(String path, String message) {
    PersonIdent who =
        new PersonIdent(options.authorName(), options.authorEmail(), Instant.now(), ZoneOffset.UTC);
    try {
      git.add().addFilepattern(path).call();
      return git.commit()
          .setMessage(message)
          .setAuthor(who)
          .setCommitter(who)
          .setSign(false)
          .call()
          .getId();
    } catch (GitAPIException e) {
      throw map("commit " + path, e);
    }
  }

  /**
   * Pushes {@code branch}. When the remote already has it ({@code expected} not null), the push is
   * forced but leased: it succeeds only if the remote branch is still at {@code expected}. Only
   * ever called for the agent's own branch.
   */
  void push(String branch, ObjectId expected) {
    String ref = Constants.R_HEADS + branch;
    var push =
        git.push()
            .setRemote(Constants.DEFAULT_REMOTE_NAME)
            .setRefSpecs(new RefSpec(ref + ":" + ref))
            .setTransportConfigCallback(transport)
            .setTimeout(seconds(options));
    if (expected != null) {
      push.setForce(true).setRefLeaseSpecs(new RefLeaseSpec(ref, expected.name()));
    }
    try {
      for (PushResult result : push.call()) {
        for (RemoteRefUpdate update : result.getRemoteUpdates()) {
          switch (update.getStatus()) {
            case OK, UP_TO_DATE -> {}
            case REJECTED_REMOTE_CHANGED, REJECTED_NONFASTFORWARD ->
                throw new RetriableException(
                    "the branch "
                        + branch
                        + " of "
                        + options.repoUrl()
                        + " moved during the push; retry");
            default ->
                throw new PermanentException(
                    "pushing "
                        + branch
                        + " to "
                        + options.repoUrl()
                        + " was refused: "
                        + update.getStatus()
                        + (update.getMessage() == null ? "" : " (" + update.getMessage() + ")"));
          }
        }
      }
    } catch (GitAPIException e) {
      throw map("push " + branch, e);
    }
  }

  /** The full message of a commit. */
  String message(ObjectId commit) {
    try (RevWalk walk = new RevWalk(git.getRepository())) {
      return walk.parseCommit(commit).getFullMessage();
    } catch (IOException e) {
      throw map("read commit " + commit.name(), e);
    }
  }

  /** The unified diff between two commits. */
  String diff(ObjectId from, ObjectId to) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RevWalk walk = new RevWalk(git.getRepository());
        DiffFormatter formatter = new DiffFormatter(out)) {
      formatter.setRepository(git.getRepository());
      RevCommit a = walk.parseCommit(from);
      RevCommit b = walk.parseCommit(to);
      formatter.format(a.getTree(), b.getTree());
    } catch (IOException e) {
      throw map("diff", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int seconds(GitOpsOptions options) {
    return (int) options.timeout().toSeconds();
  }

  /**
   * JGit reports transport failures (network, refused credentials and unknown host keys alike) as
   * one exception type. A host key that does not validate and credentials the server refuses will
   * not fix themselves, so they are permanent (an outbox would otherwise retry them forever), as is
   * a repository that does not exist; the rest (network, 5xx) is retriable. The message is one line
   * (JGit's SSH failures span several).
   */
  private static AgentException map(String what, Exception e) {
    String message = "git: could not " + what + ": " + GitTransport.oneLine(e);
    if (e instanceof InvalidRemoteException || refusedForGood(message)) {
      return new PermanentException(message, e);
    }
    return e instanceof org.eclipse.jgit.api.errors.TransportException || e instanceof IOException
        ? new RetriableException(message, e)
        : new PermanentException(message, e);
  }

  /** JGit's words for a refused host key or refused credentials, over SSH and HTTPS. */
  private static boolean refusedForGood(String message) {
    String m = message.toLowerCase(java.util.Locale.ROOT);
    return m.contains("server key did not validate")
        || m.contains("cannot log in")
        || m.contains("not authorized")
        || m.contains("authentication is required")
        || m.contains("no more keys to try")
        || m.contains("403 forbidden");
  }

  /**
   * Closes the repository too: {@code Git.open} and {@code clone} hand it to the {@link Git} they
   * return.
   */
  @Override
  public void close() {
    // this Git opened its repository (open or clone), so closing it closes the repository once
    git.close();
  }
}
