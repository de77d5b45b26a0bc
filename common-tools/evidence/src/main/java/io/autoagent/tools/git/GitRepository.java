package io.autoagent.tools.git;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.CommitTimeRevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.OrTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilterGroup;
import org.eclipse.jgit.treewalk.filter.PathSuffixFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JGit adapter: opens (or clones) the repository, fetches, and reads trees, commits and diffs.
 * Read-only towards the remote: it clones and fetches, never pushes. Reads are thread-safe (JGit's
 * object database is); {@link #fetch()} may run while reads are in progress, which then see the
 * refs before or after it.
 */
final class GitRepository implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GitRepository.class);
  private static final int MAX_COMMITS = 200;

  private final GitOptions options;
  private final Repository repository;
  private final GitTransport transport;

  private GitRepository(GitOptions options, Repository repository, GitTransport transport) {
    this.options = options;
    this.repository = repository;
    this.transport = transport;
  }

  /**
   * Opens {@code repoPath}, cloning {@code repoUrl} into it first when it is set and missing. A bad
   * SSH key or known hosts file throws {@link io.autoagent.core.config.ConfigException} naming its
   * variable.
   */
  static GitRepository open(GitOptions options) throws IOException, GitAPIException {
    GitTransport transport =
        GitTransport.create(options.ssh(), options.username(), options.token());
    try {
      return open(options, transport);
    } catch (IOException | GitAPIException | RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  private static GitRepository open(GitOptions options, GitTransport transport)
      throws IOException, GitAPIException {
    File dir = options.repoPath().toFile();
    boolean present = new File(dir, ".git").exists() || new File(dir, "HEAD").exists();
    if (!present && options.repoUrl() != null) {
      log.info("Cloning {} into {}", options.repoUrl(), dir);
      var clone =
          Git.cloneRepository()
              .setURI(options.repoUrl())
              .setDirectory(dir)
              .setBare(true)
              .setTransportConfigCallback(transport)
              .setTimeout((int) options.operationTimeout().toSeconds());
      if (options.branch() != null) {
        clone.setBranch(options.branch());
      }
      // not closed here: closing this Git would close the repository it opened
      Git git = oneLine(options, clone::call);
      return new GitRepository(options, git.getRepository(), transport);
    }
    // exactly this directory (or its .git), never a repository further up the tree
    File gitDir = new File(dir, ".git").exists() ? new File(dir, ".git") : dir;
    if (!new File(gitDir, "HEAD").isFile() || !new File(gitDir, "objects").isDirectory()) {
      throw new IOException(dir + " is not a git repository");
    }
    Repository repo = new FileRepositoryBuilder().setGitDir(gitDir).setMustExist(true).build();
    return new GitRepository(options, repo, transport);
  }

  /** Fetches from {@code repoUrl}; a no-op when none is configured. */
  void fetch() throws GitAPIException {
    if (options.repoUrl() == null) {
      return;
    }
    try (Git git = Git.wrap(repository)) {
      oneLine(
          options,
          git.fetch()
                  .setRemote(Constants.DEFAULT_REMOTE_NAME)
                  .setRemoveDeletedRefs(true)
                  .setTransportConfigCallback(transport)
                  .setTimeout((int) options.operationTimeout().toSeconds())
              ::call);
    }
  }

  private interface GitCall<T> {
    T call() throws GitAPIException;
  }

  /** Runs a transport command; a transport failure's message becomes one line naming the URL. */
  private static <T> T oneLine(GitOptions options, GitCall<T> command) throws GitAPIException {
    try {
      return command.call();
    } catch (TransportException e) {
      throw new TransportException(GitTransport.describe(options.repoUrl(), e), e);
    }
  }

  /**
   * The commit to read: the configured branch (remote-tracking ref first, as a fetch updates it in
   * a working copy), else HEAD. Empty when the repository has no commits.
   */
  Optional<ObjectId> head() throws IOException {
    List<String> candidates = new ArrayList<>();
    String branch = options.branch() != null ? options.branch() : repository.getBranch();
    if (branch != null && options.repoUrl() != null) {
      candidates.add(Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/" + branch);
    }
    if (branch != null) {
      candidates.add(Constants.R_HEADS + branch);
    }
    candidates.add(Constants.HEAD);
    for (String name : candidates) {
      Ref ref = repository.exactRef(name);
      if (ref != null && ref.getObjectId() != null) {
        return Optional.of(ref.getObjectId());
      }
    }
    return Optional.ofNullable(repository.resolve(Constants.HEAD));
  }

  /** Every YAML file at {@code commit}, path to text. */
  Map<String, String> yamlFiles(ObjectId commit) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (RevWalk walk = new RevWalk(repository);
        TreeWalk tree = new TreeWalk(repository)) {
      tree.addTree(walk.parseCommit(commit).getTree());
      tree.setRecursive(true);
      tree.setFilter(
          OrTreeFilter.create(PathSuffixFilter.create(".yaml"), PathSuffixFilter.create(".yml")));
      while (tree.next()) {
        files.put(tree.getPathString(), read(tree.getObjectId(0)));
      }
    }
    return files;
  }

  /**
   * Commits reachable from {@code head} that touched any of {@code paths} (files or directories)
   * and were committed in {@code [since, until]}, newest first, at most 200.
   */
  List<CommitDiff> commitsTouching(
      ObjectId head, Collection<String> paths, Instant since, Instant until) throws IOException {
    List<CommitDiff> out = new ArrayList<>();
    TreeFilter pathFilter = PathFilterGroup.createFromStrings(paths);
    try (RevWalk walk = new RevWalk(repository);
        DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      diff.setRepository(repository);
      diff.setPathFilter(pathFilter);
      diff.setDetectRenames(true);
      walk.sort(RevSort.COMMIT_TIME_DESC);
      walk.setRevFilter(CommitTimeRevFilter.between(since, until));
      walk.setTreeFilter(AndTreeFilter.create(pathFilter, TreeFilter.ANY_DIFF));
      walk.markStart(walk.parseCommit(head));
      for (RevCommit commit : walk) {
        RevCommit parent =
            commit.getParentCount() == 0 ? null : walk.parseCommit(commit.getParent(0));
        List<FileDiff> files = new ArrayList<>();
        for (DiffEntry entry :
            diff.scan(parent == null ? null : parent.getTree(), commit.getTree())) {
          files.add(
              new FileDiff(
                  entry.getChangeType() == DiffEntry.ChangeType.DELETE
                      ? entry.getOldPath()
                      : entry.getNewPath(),
                  entry.getChangeType() == DiffEntry.ChangeType.ADD
                      ? null
                      : read(entry.getOldId().toObjectId()),
                  entry.getChangeType() == DiffEntry.ChangeType.DELETE
                      ? null
                      : read(entry.getNewId().toObjectId())));
        }
        out.add(
            new CommitDiff(
                commit.getName(),
                parent == null ? null : parent.getName(),
                commit.getAuthorIdent().getName()
                    + " <"
                    + commit.getAuthorIdent().getEmailAddress()
                    + ">",
                commit.getCommitterIdent().getWhenAsInstant(),
                commit.getShortMessage(),
                files));
        if (out.size() >= MAX_COMMITS) {
          break;
        }
      }
    }
    return out;
  }

  /** The first parent of {@code commit}, if it has one and the commit exists. */
  Optional<String> parentOf(String commit) {
    try (RevWalk walk = new RevWalk(repository)) {
      ObjectId id = repository.resolve(commit + "^{commit}");
      if (id == null) {
        return Optional.empty();
      }
      RevCommit c = walk.parseCommit(id);
      return c.getParentCount() == 0 ? Optional.empty() : Optional.of(c.getParent(0).getName());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private String read(ObjectId blob) throws IOException {
    return new String(
        repository.open(blob, Constants.OBJ_BLOB).getCachedBytes(4 * 1024 * 1024),
        StandardCharsets.UTF_8);
  }

  /** One commit and the files it changed within the filtered paths. */
  record CommitDiff(
      String id,
      String parent,
      String author,
      Instant time,
      String message,
      List<FileDiff> files) {}

  /** One changed file; {@code before} null when added, {@code after} null when deleted. */
  record FileDiff(String path, String before, String after) {}

  @Override
  public void close() {
    repository.close();
    transport.close();
  }
}
