package io.autoagent.infra.webhook;

import io.autoagent.core.config.AgentConfig;
import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings of the Alertmanager webhook receiver. Off unless {@code WEBHOOK_PORT} is set; when on,
 * it needs a credential ({@code WEBHOOK_TOKEN_FILE} or {@code WEBHOOK_BASIC_AUTH_FILE}) or an
 * explicit {@code WEBHOOK_ALLOW_ANONYMOUS=true}. The credential files are read once, at start-up.
 * {@link #toString()} never shows a credential.
 *
 * @param port the port to listen on; -1 when the receiver is off, 0 picks a free port
 * @param auth who may post
 * @param maxPayloadBytes {@code MAX_PAYLOAD_BYTES}: larger bodies are answered 413
 * @param tokenFile where the bearer token came from, for the start-up summary; may be null
 * @param basicAuthFile where the basic-auth credentials came from; may be null
 */
public record WebhookConfig(
    int port, WebhookAuth auth, int maxPayloadBytes, Path tokenFile, Path basicAuthFile) {

  public static final String WEBHOOK_PORT = "WEBHOOK_PORT";
  public static final String WEBHOOK_TOKEN_FILE = "WEBHOOK_TOKEN_FILE";
  public static final String WEBHOOK_BASIC_AUTH_FILE = "WEBHOOK_BASIC_AUTH_FILE";
  public static final String WEBHOOK_ALLOW_ANONYMOUS = "WEBHOOK_ALLOW_ANONYMOUS";

  /** The receiver's path, as in Alertmanager's {@code webhook_configs[].url}. */
  public static final String PATH = "/alertmanager";

  /** The receiver switched off. */
  public static final WebhookConfig OFF =
      new WebhookConfig(
          -1, WebhookAuth.anonymous(), AgentConfig.DEFAULT_MAX_PAYLOAD_BYTES, null, null);

  public boolean enabled() {
    return port >= 0;
  }

  /** Reads and validates; throws {@link ConfigException} naming the first bad variable. */
  public static WebhookConfig fromEnv(Map<String, String> vars) {
    Env env = new Env(vars);
    int maxPayload =
        env.integer(
            AgentConfig.MAX_PAYLOAD_BYTES,
            AgentConfig.DEFAULT_MAX_PAYLOAD_BYTES,
            1024,
            64 * 1024 * 1024);
    if (env.get(WEBHOOK_PORT) == null) {
      return new WebhookConfig(-1, WebhookAuth.anonymous(), maxPayload, null, null);
    }
    int port = env.integer(WEBHOOK_PORT, -1, 0, 65535);
    Path tokenFile = env.path(WEBHOOK_TOKEN_FILE, null);
    Path basicFile = env.path(WEBHOOK_BASIC_AUTH_FILE, null);
    boolean anonymous = env.bool(WEBHOOK_ALLOW_ANONYMOUS, false);
    if (tokenFile == null && basicFile == null && !anonymous) {
      throw new ConfigException(
          WEBHOOK_PORT
              + "="
              + port
              + " needs authentication: set "
              + WEBHOOK_TOKEN_FILE
              + " (a file holding a bearer token), "
              + WEBHOOK_BASIC_AUTH_FILE
              + " (a file holding user:password) or "
              + WEBHOOK_ALLOW_ANONYMOUS
              + "=true");
    }
    String token = tokenFile == null ? null : token(tokenFile);
    String basic = basicFile == null ? null : basic(basicFile);
    WebhookAuth auth =
        token == null && basic == null ? WebhookAuth.anonymous() : WebhookAuth.of(token, basic);
    return new WebhookConfig(port, auth, maxPayload, tokenFile, basicFile);
  }

  private static String token(Path file) {
    String token = firstLine(WEBHOOK_TOKEN_FILE, file);
    if (token.chars().anyMatch(Character::isWhitespace)) {
      throw new ConfigException(
          WEBHOOK_TOKEN_FILE
              + "="
              + file
              + " is not valid: the token must be one word without spaces");
    }
    return token;
  }

  private static String basic(Path file) {
    String credentials = firstLine(WEBHOOK_BASIC_AUTH_FILE, file);
    int colon = credentials.indexOf(':');
    if (colon <= 0 || colon == credentials.length() - 1) {
      throw new ConfigException(
          WEBHOOK_BASIC_AUTH_FILE + "=" + file + " is not valid: expected one line user:password");
    }
    return credentials;
  }

  /**
   * The file's first line, trimmed; a missing, unreadable or empty file is a configuration error.
   */
  private static String firstLine(String key, Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException(
          key
              + "="
              + file
              + " cannot be read: "
              + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
    }
    String line = text.strip().lines().findFirst().orElse("").strip();
    if (line.isEmpty()) {
      throw new ConfigException(key + "=" + file + " is empty");
    }
    return line;
  }

  /** The same settings on the port actually bound (when configured as 0). */
  public WebhookConfig boundTo(int boundPort) {
    return new WebhookConfig(boundPort, auth, maxPayloadBytes, tokenFile, basicAuthFile);
  }

  /** For the start-up summary: {@code off}, or the port and how callers authenticate. */
  public String describe() {
    if (!enabled()) {
      return "off";
    }
    String how =
        auth.isAnonymous()
            ? "anonymous (WEBHOOK_ALLOW_ANONYMOUS=true)"
            : (tokenFile != null ? "bearer token from " + tokenFile : "")
                + (tokenFile != null && basicAuthFile != null ? " or " : "")
                + (basicAuthFile != null ? "basic auth from " + basicAuthFile : "");
    return "POST :" + port + PATH + ", " + how;
  }

  @Override
  public String toString() {
    return "WebhookConfig[" + describe() + ", maxPayloadBytes=" + maxPayloadBytes + "]";
  }
}
