package io.autoagent.infra.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks a request's {@code Authorization} header against a bearer token and/or basic-auth
 * credentials. Only SHA-256 digests of the secrets are kept, and they are compared with {@link
 * MessageDigest#isEqual} (constant time, equal lengths), so neither timing nor a heap dump of this
 * object gives the secret away.
 */
public final class WebhookAuth {

  /** The outcome of one check. */
  public enum Verdict {
    /** Credentials match (or anonymous access is allowed). */
    ALLOWED,
    /** No usable {@code Authorization} header: 401, with a challenge. */
    MISSING,
    /** Credentials given but wrong: 403. */
    WRONG
  }

  private final byte[] tokenDigest;
  private final byte[] basicDigest;

  private WebhookAuth(byte[] tokenDigest, byte[] basicDigest) {
    this.tokenDigest = tokenDigest;
    this.basicDigest = basicDigest;
  }

  /** Accepts every request. */
  public static WebhookAuth anonymous() {
    return new WebhookAuth(null, null);
  }

  /**
   * @param token the bearer token; null when bearer auth is off
   * @param userColonPassword basic-auth credentials as {@code user:password}; null when off
   */
  public static WebhookAuth of(String token, String userColonPassword) {
    if (token == null && userColonPassword == null) {
      throw new IllegalArgumentException("a token or basic-auth credentials are required");
    }
    return new WebhookAuth(
        token == null ? null : sha256(token),
        userColonPassword == null ? null : sha256(userColonPassword));
  }

  public boolean isAnonymous() {
    return tokenDigest == null && basicDigest == null;
  }

  /** Which schemes callers may use, for the {@code WWW-Authenticate} challenge. */
  String challenge() {
    return basicDigest != null
        ? "Basic realm=\"autoagent\", charset=\"UTF-8\""
        : "Bearer realm=\"autoagent\"";
  }

  /** Checks one {@code Authorization} header value (null when absent). */
  public Verdict check(String authorization) {
    if (isAnonymous()) {
      return Verdict.ALLOWED;
    }
    if (authorization == null || authorization.isBlank()) {
      return Verdict.MISSING;
    }
    String value = authorization.strip();
    int space = value.indexOf(' ');
    if (space < 0) {
      return Verdict.MISSING;
    }
    String scheme = value.substring(0, space);
    String credentials = value.substring(space + 1).strip();
    if (scheme.equalsIgnoreCase("Bearer")) {
      return tokenDigest != null && MessageDigest.isEqual(tokenDigest, sha256(credentials))
          ? Verdict.ALLOWED
          : Verdict.WRONG;
    }
    if (scheme.equalsIgnoreCase("Basic")) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Verdict.MISSING;
      }
      return basicDigest != null && MessageDigest.isEqual(basicDigest, sha256(decoded))
          ? Verdict.ALLOWED
          : Verdict.WRONG;
    }
    return Verdict.MISSING;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return isAnonymous()
        ? "WebhookAuth[anonymous]"
        : "WebhookAuth["
            + (tokenDigest != null ? "bearer" : "")
            + (tokenDigest != null && basicDigest != null ? "+" : "")
            + (basicDigest != null ? "basic" : "")
            + "]";
  }
}
