package io.autoagent.tools.git;

import io.autoagent.core.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshConfigStore;
import org.eclipse.jgit.transport.SshConstants;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How JGit reaches a remote, for the evidence source's clone and fetch and for GitOps pushes alike:
 * HTTPS with a username and token, or SSH inside the JVM (JGit's Apache MINA SSHD client) with
 * {@link SshOptions}, so no {@code ssh} binary is needed. SSH uses public keys only: no agent, no
 * password, no prompt, and the token is never offered to an SSH server; {@code ~/.ssh/config} is
 * not read, so what the variables say is what happens. Thread-safe; {@link #close()} it with the
 * repository it serves.
 */
public final class GitTransport implements TransportConfigCallback, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GitTransport.class);

  private final SshdSessionFactory ssh;
  private final CredentialsProvider https;
  private final Path temporaryKnownHosts;

  private GitTransport(
      SshdSessionFactory ssh, CredentialsProvider https, Path temporaryKnownHosts) {
    this.ssh = ssh;
    this.https = https;
    this.temporaryKnownHosts = temporaryKnownHosts;
  }

  /**
   * Reads the key and the known hosts now, so that a bad one fails here with a {@link
   * ConfigException} naming its variable rather than at the first fetch.
   *
   * @param token HTTPS password or token; null or empty for none
   */
  public static GitTransport create(SshOptions options, String username, String token) {
    List<KeyPair> keys = options.key() == null ? null : keys(options.key());
    Path knownHosts = knownHosts(options);
    boolean temporary =
        knownHosts != null && !(options.knownHosts() instanceof SshOptions.Material.File);
    if (!options.strictHostKeys()) {
      log.warn(
          "{}=false: an unknown git server's host key is trusted on first use",
          SshOptions.GIT_SSH_STRICT_HOST_KEY_CHECKING);
    }
    File home = FS.DETECTED.userHome();
    SshdSessionFactoryBuilder builder =
        new SshdSessionFactoryBuilder()
            .setHomeDirectory(home)
            .setSshDirectory(new File(home, SshConstants.SSH_DIR))
            .setConnectorFactory(null) // no ssh-agent
            .setPreferredAuthentications("publickey")
            .setConfigStoreFactory(
                (homeDir, configFile, localUser) -> new FixedConfig(options.strictHostKeys()));
    if (keys != null) {
      builder.setDefaultIdentities(sshDir -> List.of()).setDefaultKeysProvider(sshDir -> keys);
    }
    if (knownHosts != null) {
      List<Path> files = List.of(knownHosts);
      builder.setDefaultKnownHostsFiles(sshDir -> files);
    }
    CredentialsProvider https =
        token == null || token.isEmpty()
            ? null
            : new UsernamePasswordCredentialsProvider(username, token);
    return new GitTransport(builder.build(null), https, temporary ? knownHosts : null);
  }

  /**
   * The known hosts file: the configured one (checked readable), the inline lines in a temporary
   * file, an empty temporary file to remember first-use keys in, or null for {@code
   * ~/.ssh/known_hosts}.
   */
  private static Path knownHosts(SshOptions options) {
    try {
      return switch (options.knownHosts()) {
        case SshOptions.Material.File f -> {
          Secrets.readBytes(f.variable(), f.path());
          yield f.path();
        }
        case SshOptions.Material.Inline i -> temporaryFile(i.text());
        case null -> options.strictHostKeys() ? null : temporaryFile("");
      };
    } catch (IOException e) {
      throw new ConfigException(
          SshOptions.GIT_SSH_KNOWN_HOSTS
              + " is not valid: cannot write it to a temporary file ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }

  @Override
  public void configure(Transport transport) {
    if (transport instanceof SshTransport sshTransport) {
      sshTransport.setSshSessionFactory(ssh);
      // a token is an HTTPS secret: never offered to an SSH server as a password
      sshTransport.setCredentialsProvider(null);
    } else if (https != null) {
      transport.setCredentialsProvider(https);
    }
  }

  /**
   * {@code e}'s message on one line and naming {@code url}: JGit's SSH failures span lines ("Cannot
   * log in at host:port", then what each method tried).
   */
  public static String describe(String url, Throwable e) {
    String message = oneLine(e);
    return message.contains(url) ? message : url + ": " + message;
  }

  /** {@code e}'s message with its lines joined by "; ". */
  public static String oneLine(Throwable e) {
    return String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static List<KeyPair> keys(SshOptions.Material key) {
    String variable = key.variable();
    String shown =
        switch (key) {
          case SshOptions.Material.File f -> variable + "=" + f.path();
          case SshOptions.Material.Inline i -> variable;
        };
    byte[] bytes =
        switch (key) {
          case SshOptions.Material.File f -> Secrets.readBytes(variable, f.path());
          case SshOptions.Material.Inline i ->
              (i.text().endsWith("\n") ? i.text() : i.text() + "\n")
                  .getBytes(StandardCharsets.UTF_8);
        };
    List<KeyPair> keys = new ArrayList<>();
    try (InputStream in = new ByteArrayInputStream(bytes)) {
      // no password provider: an encrypted key fails here rather than waiting for a prompt
      Iterable<KeyPair> loaded =
          SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(variable), in, null);
      if (loaded != null) {
        loaded.forEach(keys::add);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new ConfigException(
          shown
              + " is not valid: not an unencrypted OpenSSH or PEM private key ("
              + e.getClass().getSimpleName()
              + ")");
    }
    if (keys.isEmpty()) {
      throw new ConfigException(shown + " is not valid: no private key in it");
    }
    return List.copyOf(keys);
  }

  private static Path temporaryFile(String text) throws IOException {
    Path file = Files.createTempFile("git-known-hosts", "");
    file.toFile().deleteOnExit();
    Files.writeString(file, text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
    return file;
  }

  @Override
  public void close() {
    ssh.close();
    if (temporaryKnownHosts != null) {
      try {
        Files.deleteIfExists(temporaryKnownHosts);
      } catch (IOException e) {
        log.debug("Could not delete {}", temporaryKnownHosts, e);
      }
    }
  }

  /**
   * The SSH configuration of every host, instead of {@code ~/.ssh/config}: strict or accept-new
   * host key checking (JGit's default, "ask", would depend on whether a credentials provider can
   * answer) and batch mode. No {@code IdentitiesOnly}: JGit would then skip the default keys, which
   * is where the configured key is.
   */
  private record FixedConfig(boolean strict) implements SshConfigStore {

    @Override
    public HostConfig lookup(String hostName, int port, String userName) {
      Map<String, String> options = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      options.put(SshConstants.STRICT_HOST_KEY_CHECKING, strict ? SshConstants.YES : "accept-new");
      options.put(SshConstants.BATCH_MODE, SshConstants.YES);
      return new HostConfig() {
        @Override
        public String getValue(String key) {
          return options.get(key);
        }

        @Override
        public List<String> getValues(String key) {
          return List.of();
        }

        @Override
        public Map<String, String> getOptions() {
          return options;
        }

        @Override
        public Map<String, List<String>> getMultiValuedOptions() {
          return Map.of();
        }
      };
    }

    @Override
    public HostConfig lookupDefault(String hostName, int port, String userName) {
      return lookup(hostName, port, userName);
    }
  }
}
