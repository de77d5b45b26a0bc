package io.autoagent.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A bare git repository on disk, the GitOps remote of a test, with one commit of files on {@code
 * main}.
 */
final class SeededRemote {

  private SeededRemote() {}

  /**
   * Creates {@code bare} and pushes {@code files} (path to text) to its {@code main} as Dana.
   *
   * @param bare where the bare repository goes; its sibling {@code seed} is the working copy used
   * @return the bare repository, open (the caller closes it)
   */
  static Git create(Path bare, Map<String, String> files) throws GitAPIException, IOException {
    Git remote =
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call();
    try (Git seed =
        Git.cloneRepository()
            .setURI(bare.toUri().toString())
            .setDirectory(bare.resolveSibling("seed").toFile())
            .call()) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path path = bare.resolveSibling("seed").resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
      }
      seed.add().addFilepattern(".").call();
      seed.commit()
          .setMessage("manifests")
          .setAuthor("Dana", "dana@example.com")
          .setCommitter("Dana", "dana@example.com")
          .call();
      seed.push().setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
    }
    return remote;
  }
}
