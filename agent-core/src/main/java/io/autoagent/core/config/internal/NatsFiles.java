package io.autoagent.core.config.internal;

import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import io.nats.client.NKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks of the files NATS settings name: present and readable, and of the right kind (a creds
 * file, a user seed, PEM). Each failure is one line naming the variable and the path, never the
 * file's content.
 */
public final class NatsFiles {

  private static final Pattern JWT_BLOCK =
      Pattern.compile(
          "-{5}BEGIN NATS USER JWT-{5}\\s*([A-Za-z0-9_=.-]+)\\s*-{5,6}END NATS USER JWT-{5,6}");
  private static final Pattern SEED_BLOCK =
      Pattern.compile(
          "-{5}BEGIN USER NKEY SEED-{5}\\s*(S[A-Z2-7]+)\\s*-{5,6}END USER NKEY SEED-{5,6}");

  private NatsFiles() {}

  /** The path a variable names, checked to be a readable regular file; null when unset. */
  public static Path readable(Env env, String key) {
    Path path = env.path(key, null);
    if (path == null) {
      return null;
    }
    if (!Files.exists(path)) {
      throw new ConfigException(key + "=" + path + " is not valid: no such file");
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new ConfigException(key + "=" + path + " is not valid: not a readable file");
    }
    return path;
  }

  /** A {@code .creds} file: a user JWT and a user NKey seed, each in its NATS block. */
  public static Path creds(Env env, String key) {
    Path path = readable(env, key);
    if (path == null) {
      return null;
    }
    String text = read(path, key);
    Matcher jwt = JWT_BLOCK.matcher(text);
    if (!jwt.find() || jwt.group(1).split("\\.").length != 3) {
      throw new ConfigException(
          key
              + "="
              + path
              + " is not valid: not a NATS creds file (no -----BEGIN NATS USER JWT----- block)");
    }
    Matcher seed = SEED_BLOCK.matcher(text);
    if (!seed.find()) {
      throw new ConfigException(
          key
              + "="
              + path
              + " is not valid: not a NATS creds file (no -----BEGIN USER NKEY SEED----- block)");
    }
    checkUserSeed(seed.group(1), key, path);
    return path;
  }

  /** A file holding an NKey user seed ({@code SU...}), alone or in a seed block. */
  public static Path userSeed(Env env, String key) {
    Path path = readable(env, key);
    if (path == null) {
      return null;
    }
    checkUserSeed(seedIn(read(path, key)), key, path);
    return path;
  }

  /** The seed a seed file holds: the seed block's content, else the first non-blank line. */
  public static String seedIn(String text) {
    Matcher block = SEED_BLOCK.matcher(text);
    if (block.find()) {
      return block.group(1);
    }
    return text.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }

  private static void checkUserSeed(String seed, String key, Path path) {
    NKey.Type type;
    try {
      type = NKey.fromSeed(seed.toCharArray()).getType();
    } catch (RuntimeException e) {
      throw new ConfigException(key + "=" + path + " is not valid: does not hold an NKey seed");
    }
    if (type != NKey.Type.USER) {
      throw new ConfigException(
          key
              + "="
              + path
              + " is not valid: holds an NKey seed of type "
              + type
              + ", not a user seed (SU...)");
    }
  }

  /** The secret a file holds, without surrounding white space; it must not be empty. */
  public static String secretIn(Path path, String key) {
    String value = read(path, key).strip();
    if (value.isEmpty()) {
      throw new ConfigException(key + "=" + path + " is not valid: the file is empty");
    }
    return value;
  }

  /** Builds the TLS context once, so that an unusable PEM file stops start-up. */
  public static void checkTls(Path ca, Path cert, Path key) {
    check("NATS_TLS_CA", ca, () -> PemTls.certificates(ca));
    check("NATS_TLS_CERT", cert, () -> PemTls.certificates(cert));
    check("NATS_TLS_KEY", key, () -> PemTls.privateKey(key));
    if (ca != null || cert != null) {
      check("NATS_TLS_CERT", cert != null ? cert : ca, () -> PemTls.context(ca, cert, key));
    }
  }

  private interface PemCheck {
    Object run() throws PemTls.PemException, IOException;
  }

  private static void check(String key, Path path, PemCheck check) {
    if (path == null) {
      return;
    }
    try {
      check.run();
    } catch (PemTls.PemException e) {
      throw new ConfigException(key + "=" + path + " is not valid: " + e.getMessage());
    } catch (IOException e) {
      throw new ConfigException(
          key + "=" + path + " is not valid: cannot read it (" + e.getMessage() + ")");
    }
  }

  private static String read(Path path, String key) {
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          key
              + "="
              + path
              + " is not valid: cannot read it ("
              + e.getClass().getSimpleName()
              + ")");
    }
  }
}
