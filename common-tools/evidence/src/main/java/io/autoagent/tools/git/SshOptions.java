package io.autoagent.tools.git;

import io.autoagent.core.config.Env;
import java.nio.file.Path;
import java.util.Map;

/**
 * How git reaches {@code ssh://} and {@code user@host:path} remotes; shared by the git evidence
 * source (clone, fetch) and GitOps (clone, fetch, push), so one key serves both. Read by {@link
 * GitTransport}, which checks the files when it is created. {@link #toString()} never shows a key.
 *
 * @param key {@code GIT_SSH_KEY_FILE}, or {@code GIT_SSH_KEY} (the key itself, never written to
 *     disk): the private key, unencrypted, in OpenSSH or PEM format; null uses the default keys in
 *     {@code ~/.ssh} ({@code id_ed25519}, {@code id_ecdsa}, {@code id_rsa}, ...)
 * @param knownHosts {@code GIT_SSH_KNOWN_HOSTS_FILE}, or {@code GIT_SSH_KNOWN_HOSTS} (the lines
 *     themselves, e.g. from {@code ssh-keyscan}): the trusted host keys; null uses {@code
 *     ~/.ssh/known_hosts}
 * @param strictHostKeys {@code GIT_SSH_STRICT_HOST_KEY_CHECKING} (default true): only a server
 *     whose key is in {@code knownHosts} is trusted. False trusts an unknown server on first use
 *     and remembers its key (in the known hosts file, else for the life of the process); a changed
 *     key is refused either way
 */
public record SshOptions(Material key, Material knownHosts, boolean strictHostKeys) {

  public static final String GIT_SSH_KEY = "GIT_SSH_KEY";
  public static final String GIT_SSH_KEY_FILE = "GIT_SSH_KEY_FILE";
  public static final String GIT_SSH_KNOWN_HOSTS = "GIT_SSH_KNOWN_HOSTS";
  public static final String GIT_SSH_KNOWN_HOSTS_FILE = "GIT_SSH_KNOWN_HOSTS_FILE";
  public static final String GIT_SSH_STRICT_HOST_KEY_CHECKING = "GIT_SSH_STRICT_HOST_KEY_CHECKING";

  /** The defaults: keys and known hosts from {@code ~/.ssh}, strict host key checking. */
  public static final SshOptions DEFAULT = new SshOptions(null, null, true);

  /** A key or a known hosts list: a file, or the text itself from a variable. */
  public sealed interface Material {
    /** The variable it came from, for error messages. */
    String variable();

    /** A file on disk. */
    record File(String variable, Path path) implements Material {}

    /** The text itself; never printed. */
    record Inline(String variable, String text) implements Material {
      @Override
      public String toString() {
        return "Inline[" + variable + "=****]";
      }
    }
  }

  /** The options from environment variables; a file variable wins over its inline twin. */
  public static SshOptions fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    return new SshOptions(
        material(env, vars, GIT_SSH_KEY_FILE, GIT_SSH_KEY),
        material(env, vars, GIT_SSH_KNOWN_HOSTS_FILE, GIT_SSH_KNOWN_HOSTS),
        env.bool(GIT_SSH_STRICT_HOST_KEY_CHECKING, true));
  }

  private static Material material(
      Env env, Map<String, String> vars, String fileVar, String inlineVar) {
    Path file = env.path(fileVar, null);
    if (file != null) {
      return new Material.File(fileVar, file);
    }
    // the raw value: a key's lines must stay as they are
    return env.get(inlineVar) != null ? new Material.Inline(inlineVar, env.raw(inlineVar)) : null;
  }
}
