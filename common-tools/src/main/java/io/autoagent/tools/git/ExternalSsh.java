package io.autoagent.tools.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.util.FS;

/**
 * SSH transport through the system's {@code ssh} binary with one private key, set on each fetch
 * rather than globally, so that JGit needs no SSH library. Batch mode: never prompts.
 */
final class ExternalSsh extends SshSessionFactory {

  private final Path key;
  private final Path knownHosts;
  private final boolean strict;

  /**
   * @param knownHosts file of trusted host keys; when {@code strict} is false unknown hosts are
   *     added to it on first use
   */
  ExternalSsh(Path key, Path knownHosts, boolean strict) {
    this.key = key;
    this.knownHosts = knownHosts;
    this.strict = strict;
  }

  @Override
  public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int timeoutSeconds) {
    List<String> base = new ArrayList<>(List.of(
        "ssh", "-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
        "-o", "UserKnownHostsFile=" + knownHosts,
        "-o", "StrictHostKeyChecking=" + (strict ? "yes" : "accept-new"),
        "-o", "ConnectTimeout=" + Math.max(1, timeoutSeconds)));
    if (uri.getPort() > 0) {
      base.addAll(List.of("-p", String.valueOf(uri.getPort())));
    }
    base.add((uri.getUser() == null ? "" : uri.getUser() + "@") + uri.getHost());
    return new RemoteSession() {
      @Override
      public Process exec(String command, int timeout) throws IOException {
        List<String> cmd = new ArrayList<>(base);
        cmd.add(command);
        return new ProcessBuilder(cmd).start();
      }

      @Override
      public void disconnect() {
        // each exec is its own process; nothing to close
      }
    };
  }

  @Override
  public String getType() {
    return "external-ssh";
  }
}
