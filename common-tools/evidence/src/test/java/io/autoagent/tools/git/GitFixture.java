package io.autoagent.tools.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real git repository in a temporary directory, with commits dated as the test says. */
final class GitFixture implements AutoCloseable {

  final Path dir;
  private final Git git;

  GitFixture(Path dir) throws GitAPIException {
    this.dir = dir;
    this.git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
  }

  GitFixture write(String path, String text) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  GitFixture delete(String path) throws IOException {
    Files.delete(dir.resolve(path));
    return this;
  }

  /** Commits everything in the working tree as {@code author} at {@code when}. */
  RevCommit commit(String message, String author, Instant when) throws GitAPIException {
    PersonIdent who =
        new PersonIdent(author, author.toLowerCase() + "@example.com", when, ZoneOffset.UTC);
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
  }

  static String deployment(
      String name, String image, String env, int replicas, String readinessPath) {
    return """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: %s
          namespace: shop
          labels: {app.kubernetes.io/name: %s}
        spec:
          replicas: %d
          template:
            spec:
              containers:
                - name: app
                  image: %s
                  env:
        %s
                  resources:
                    requests: {cpu: 100m, memory: 128Mi}
                    limits: {memory: 256Mi}
                  readinessProbe:
                    httpGet: {path: %s, port: 8080}
              securityContext: {runAsNonRoot: true}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: %s, namespace: shop}
        spec: {ports: [{port: 80}]}
        """
        .formatted(name, name, replicas, image, env, readinessPath, name);
  }

  static String env(String... nameValues) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < nameValues.length; i += 2) {
      out.append("            - {name: ")
          .append(nameValues[i])
          .append(", value: \"")
          .append(nameValues[i + 1])
          .append("\"}\n");
    }
    return out.toString().stripTrailing();
  }

  @Override
  public void close() {
    git.close();
  }
}
