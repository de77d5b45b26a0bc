package io.autoagent.tools.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.junit.ssh.SshTestGitServer;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * A real SSH git server in the JVM (JGit's {@link SshTestGitServer} on Apache MINA SSHD, on a
 * random port) serving one bare repository to user {@code git} with one client key, and that client
 * key as an OpenSSH private key file, as {@code ssh-keygen} writes them.
 */
public final class SshGitServer implements AutoCloseable {

  public static final String USER = "git";

  private final SshTestGitServer server;
  private final Repository bare;
  private final KeyPair hostKey;
  private final int port;
  public final Path clientKeyFile;

  /**
   * Serves the bare repository at {@code bareDir} (created when missing), keys under {@code
   * keyDir}.
   */
  public SshGitServer(Path bareDir, Path keyDir) throws Exception {
    if (!Files.exists(bareDir)) {
      Git.init()
          .setBare(true)
          .setDirectory(bareDir.toFile())
          .setInitialBranch("main")
          .call()
          .close();
    }
    bare = new FileRepositoryBuilder().setGitDir(bareDir.toFile()).setMustExist(true).build();
    KeyPair client = newKey();
    hostKey = newKey();
    Files.createDirectories(keyDir);
    clientKeyFile = writePrivateKey(keyDir.resolve("id_ed25519"), client);
    server = new SshTestGitServer(USER, client.getPublic(), bare, hostKey);
    port = server.start();
  }

  /** An Ed25519 key pair, the default of {@code ssh-keygen} and of GitHub's deploy key docs. */
  public static KeyPair newKey() throws GeneralSecurityException {
    return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
  }

  /** {@code key} as an unencrypted OpenSSH private key file. */
  public static Path writePrivateKey(Path file, KeyPair key)
      throws IOException, GeneralSecurityException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "autoagent@test", null, out);
    return Files.writeString(file, out.toString(StandardCharsets.UTF_8));
  }

  /**
   * {@code ssh://git@localhost:<port>/<path>}; the server serves its one repository whatever the
   * path.
   */
  public String url(String path) {
    return "ssh://" + USER + "@localhost:" + port + "/" + path;
  }

  /**
   * The known_hosts line that trusts this server, as {@code ssh-keyscan -p <port> localhost} prints
   * it.
   */
  public String knownHostsLine() {
    return "[localhost]:" + port + " " + PublicKeyEntry.toString(hostKey.getPublic());
  }

  /** The served repository, to read what a push left there. */
  public Repository repository() {
    return bare;
  }

  @Override
  public void close() throws IOException {
    server.stop();
    bare.close();
  }
}
