package io.autoagent.core.config;

import io.autoagent.core.config.internal.NatsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How to reach NATS: servers, credentials, TLS, JetStream domain and the replica count of what the
 * agents create. Read from environment variables by {@link #fromEnv}, which checks every file
 * (creds, seed, PEM) so that a bad setting stops start-up with one line naming the variable. {@code
 * io.autoagent.core.messaging.NatsOptions} is the one place that turns it into jnats options.
 * Secrets are held as {@link Secret}, whose {@code toString()} hides the value.
 *
 * @param servers {@code NATS_URL}: one or more {@code nats://} or {@code tls://} URLs
 * @param creds {@code NATS_CREDS}: a {@code .creds} file (user JWT and NKey seed), or null
 * @param nkeySeed {@code NATS_NKEY_SEED}: a file holding an NKey user seed, or null
 * @param token {@code NATS_TOKEN}, or the content of {@code NATS_TOKEN_FILE}, or null
 * @param user {@code NATS_USER}, or null
 * @param password {@code NATS_PASSWORD}, or the content of {@code NATS_PASSWORD_FILE}, or null
 * @param tlsCa {@code NATS_TLS_CA}: PEM bundle of the CAs to trust (null: the JVM's)
 * @param tlsCert {@code NATS_TLS_CERT}: PEM client certificate chain for mutual TLS, or null
 * @param tlsKey {@code NATS_TLS_KEY}: PEM private key of {@code tlsCert}, or null
 * @param tlsFirst {@code NATS_TLS_FIRST}: TLS handshake before the server's INFO (server 2.10+)
 * @param jsDomain {@code NATS_JS_DOMAIN}: JetStream domain (agents on a leaf node), or null
 * @param connectionName {@code NATS_CONNECTION_NAME}; default {@code <agent>-<instance>}
 * @param streamReplicas {@code NATS_STREAM_REPLICAS}: replicas of every stream, KV bucket and
 *     object store the agents create (existing ones keep theirs)
 */
public record NatsSettings(
    List<String> servers,
    Path creds,
    Path nkeySeed,
    Secret token,
    String user,
    Secret password,
    Path tlsCa,
    Path tlsCert,
    Path tlsKey,
    boolean tlsFirst,
    String jsDomain,
    String connectionName,
    int streamReplicas) {

  public static final String NATS_URL = "NATS_URL";
  public static final String NATS_CREDS = "NATS_CREDS";
  public static final String NATS_NKEY_SEED = "NATS_NKEY_SEED";
  public static final String NATS_TOKEN = "NATS_TOKEN";
  public static final String NATS_TOKEN_FILE = "NATS_TOKEN_FILE";
  public static final String NATS_USER = "NATS_USER";
  public static final String NATS_PASSWORD = "NATS_PASSWORD";
  public static final String NATS_PASSWORD_FILE = "NATS_PASSWORD_FILE";
  public static final String NATS_TLS_CA = "NATS_TLS_CA";
  public static final String NATS_TLS_CERT = "NATS_TLS_CERT";
  public static final String NATS_TLS_KEY = "NATS_TLS_KEY";
  public static final String NATS_TLS_FIRST = "NATS_TLS_FIRST";
  public static final String NATS_JS_DOMAIN = "NATS_JS_DOMAIN";
  public static final String NATS_CONNECTION_NAME = "NATS_CONNECTION_NAME";
  public static final String NATS_STREAM_REPLICAS = "NATS_STREAM_REPLICAS";

  /** Every variable this record reads, for documentation and configuration listings. */
  public static final List<String> VARIABLES =
      List.of(
          NATS_URL,
          NATS_CREDS,
          NATS_NKEY_SEED,
          NATS_TOKEN,
          NATS_TOKEN_FILE,
          NATS_USER,
          NATS_PASSWORD,
          NATS_PASSWORD_FILE,
          NATS_TLS_CA,
          NATS_TLS_CERT,
          NATS_TLS_KEY,
          NATS_TLS_FIRST,
          NATS_JS_DOMAIN,
          NATS_CONNECTION_NAME,
          NATS_STREAM_REPLICAS);

  public static final String DEFAULT_NATS_URL = "nats://nats:4222";
  public static final int DEFAULT_STREAM_REPLICAS = 1;

  /** JetStream allows at most five replicas. */
  public static final int MAX_STREAM_REPLICAS = 5;

  /** A secret value; {@code toString()} never shows it. */
  public record Secret(String value) {
    public Secret {
      Objects.requireNonNull(value, "value");
    }

    public char[] chars() {
      return value.toCharArray();
    }

    @Override
    public String toString() {
      return "****";
    }
  }

  public NatsSettings {
    servers = List.copyOf(servers);
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("servers must not be empty");
    }
    Objects.requireNonNull(connectionName, "connectionName");
    if (streamReplicas < 1 || streamReplicas > MAX_STREAM_REPLICAS) {
      throw new IllegalArgumentException("streamReplicas must be 1 to 5, got " + streamReplicas);
    }
  }

  /** Plain settings for one or more servers: no credentials, no TLS files, one replica. */
  public static NatsSettings of(String urls, String connectionName) {
    return new NatsSettings(
        split(urls),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        false,
        null,
        connectionName,
        DEFAULT_STREAM_REPLICAS);
  }

  /** Reads and checks; throws {@link ConfigException} naming the first bad variable. */
  public static NatsSettings fromEnv(Env env, String defaultUrl, String defaultConnectionName) {
    String urls = env.url(NATS_URL, defaultUrl, Set.of("nats", "tls", "ws", "wss"));
    Path creds = NatsFiles.creds(env, NATS_CREDS);
    Path seed = NatsFiles.userSeed(env, NATS_NKEY_SEED);
    Secret token = secret(env, NATS_TOKEN, NATS_TOKEN_FILE);
    String user = env.get(NATS_USER);
    Secret password = secret(env, NATS_PASSWORD, NATS_PASSWORD_FILE);
    if (user == null && password != null) {
      throw new ConfigException(
          (env.get(NATS_PASSWORD) != null ? NATS_PASSWORD : NATS_PASSWORD_FILE)
              + " is set without NATS_USER: set both, or neither");
    }
    if (user != null && password == null) {
      throw new ConfigException(
          NATS_USER
              + "="
              + user
              + " is set without NATS_PASSWORD or NATS_PASSWORD_FILE: set the password too");
    }
    onlyOne(
        java.util.Arrays.asList(
            creds != null ? NATS_CREDS : null,
            seed != null ? NATS_NKEY_SEED : null,
            token != null ? (env.get(NATS_TOKEN) != null ? NATS_TOKEN : NATS_TOKEN_FILE) : null,
            user != null ? NATS_USER : null));
    Path ca = NatsFiles.readable(env, NATS_TLS_CA);
    Path cert = NatsFiles.readable(env, NATS_TLS_CERT);
    Path key = NatsFiles.readable(env, NATS_TLS_KEY);
    if ((cert == null) != (key == null)) {
      throw new ConfigException(
          (cert == null ? NATS_TLS_KEY : NATS_TLS_CERT)
              + " is set without "
              + (cert == null ? NATS_TLS_CERT : NATS_TLS_KEY)
              + ": mutual TLS needs both the certificate and its key");
    }
    NatsFiles.checkTls(ca, cert, key);
    String domain = env.get(NATS_JS_DOMAIN);
    if (domain != null && !domain.matches("[A-Za-z0-9_-]+")) {
      throw new ConfigException(
          NATS_JS_DOMAIN + "=" + domain + " is not valid: expected letters, digits, '-' or '_'");
    }
    return new NatsSettings(
        split(urls),
        creds,
        seed,
        token,
        user,
        password,
        ca,
        cert,
        key,
        env.bool(NATS_TLS_FIRST, false),
        domain,
        env.get(NATS_CONNECTION_NAME, defaultConnectionName),
        env.integer(NATS_STREAM_REPLICAS, DEFAULT_STREAM_REPLICAS, 1, MAX_STREAM_REPLICAS));
  }

  private static Secret secret(Env env, String inline, String file) {
    String value = env.get(inline);
    Path path = NatsFiles.readable(env, file);
    if (value != null && path != null) {
      throw new ConfigException(inline + " and " + file + " are both set: set one of them");
    }
    if (path != null) {
      return new Secret(NatsFiles.secretIn(path, file));
    }
    return value == null ? null : new Secret(value);
  }

  private static void onlyOne(List<String> set) {
    List<String> given = new ArrayList<>(set);
    given.removeIf(Objects::isNull);
    if (given.size() > 1) {
      throw new ConfigException(
          String.join(" and ", given) + " are both set: choose one way to authenticate to NATS");
    }
  }

  private static List<String> split(String urls) {
    return Arrays.stream(urls.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * Whether the connection uses TLS: a {@code tls://} URL, a CA, a client certificate or TLS first.
   */
  public boolean tls() {
    return tlsCa != null
        || tlsCert != null
        || tlsFirst
        || servers.stream().anyMatch(s -> s.startsWith("tls://") || s.startsWith("wss://"));
  }

  /**
   * How it authenticates, for logs: {@code creds}, {@code nkey}, {@code token}, {@code user} or
   * {@code none}.
   */
  public String authMethod() {
    if (creds != null) {
      return "creds";
    }
    if (nkeySeed != null) {
      return "nkey";
    }
    if (token != null) {
      return "token";
    }
    return user != null ? "user" : "none";
  }

  /** The server URLs without any user information, for logs. */
  public String serversForLog() {
    return String.join(",", servers.stream().map(s -> s.replaceAll("//[^@/]*@", "//")).toList());
  }

  /** A copy with another connection name. */
  public NatsSettings withConnectionName(String name) {
    return new NatsSettings(
        servers,
        creds,
        nkeySeed,
        token,
        user,
        password,
        tlsCa,
        tlsCert,
        tlsKey,
        tlsFirst,
        jsDomain,
        name,
        streamReplicas);
  }

  @Override
  public String toString() {
    return "NatsSettings[servers="
        + serversForLog()
        + ", auth="
        + authMethod()
        + (creds != null ? ", creds=" + creds : "")
        + (nkeySeed != null ? ", nkeySeed=" + nkeySeed : "")
        + (user != null ? ", user=" + user : "")
        + ", tls="
        + tls()
        + (tlsCa != null ? ", tlsCa=" + tlsCa : "")
        + (tlsCert != null ? ", tlsCert=" + tlsCert : "")
        + (tlsFirst ? ", tlsFirst=true" : "")
        + (jsDomain != null ? ", jsDomain=" + jsDomain : "")
        + ", connectionName="
        + connectionName
        + ", streamReplicas="
        + streamReplicas
        + "]";
  }
}
