package io.autoagent.tools.remediation.signature;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks v1 signatures over NATS headers: {@code webhook-signature} holds one or more
 * space-separated {@code v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>}; any one
 * that matches, compared in constant time, is enough (keys rotate). Also refuses timestamps more
 * than {@code maxSkew} from now and a webhook id used again inside that window.
 *
 * <p>The replay memory is per process: across replicas the execution-id record in the key-value
 * bucket still makes a second execution a {@code duplicate}. Thread-safe.
 */
public final class WebhookSignatures {

  private static final String SCHEME = "v1,";
  private static final String SECRET_PREFIX = "whsec_";

  private final byte[] key;
  private final Duration maxSkew;
  private final Clock clock;

  /** webhook id and purpose -> (first delivery, when it may be forgotten). */
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  private record Seen(String deliveryKey, Instant forgetAt) {}

  /**
   * @param secret {@code whsec_<base64>} (the Standard Webhooks form) or raw text; null when unset
   */
  public WebhookSignatures(String secret, Duration maxSkew, Clock clock) {
    this.key = secret == null ? null : keyBytes(secret);
    this.maxSkew = maxSkew;
    this.clock = clock;
  }

  public boolean keyConfigured() {
    return key != null;
  }

  /**
   * Checks a request.
   *
   * @param expectedId the execution id; the contract makes it the {@code webhook-id}
   * @param purpose {@code request} or {@code approval}: an approval may reuse the id of the request
   *     it approves once
   * @param deliveryKey stable across redeliveries of one message, so a redelivery is not a replay
   */
  public SignatureVerdict verify(
      SignedRequest request, String expectedId, String purpose, String deliveryKey) {
    if (key == null) {
      return SignatureVerdict.unsigned("no signing key is configured (SECRET_KEY)");
    }
    if (!request.signed()) {
      return SignatureVerdict.unsigned("the request carries no webhook-signature");
    }
    String id = request.webhookId();
    String ts = request.timestamp();
    String sig = request.signature();
    if (id == null || ts == null || sig == null) {
      return SignatureVerdict.invalid(
          "webhook-id, webhook-timestamp and webhook-signature are all required");
    }
    if (!id.equals(expectedId)) {
      return SignatureVerdict.invalid(
          "webhook-id '" + id + "' is not the execution_id '" + expectedId + "'");
    }
    long seconds;
    try {
      seconds = Long.parseLong(ts);
    } catch (NumberFormatException e) {
      return SignatureVerdict.invalid("webhook-timestamp is not Unix seconds: '" + ts + "'");
    }
    if (!matches(id, ts, request.body(), sig)) {
      return SignatureVerdict.invalid("no signature in webhook-signature matches the body");
    }
    Instant now = clock.instant();
    Instant signedAt = Instant.ofEpochSecond(seconds);
    if (Duration.between(signedAt, now).abs().compareTo(maxSkew) > 0) {
      return SignatureVerdict.replayed(
          "webhook-timestamp "
              + signedAt
              + " is more than "
              + maxSkew.toSeconds()
              + "s from now (SIGNATURE_MAX_SKEW_S)");
    }
    return remember(id + "|" + purpose, deliveryKey, now);
  }

  private SignatureVerdict remember(String seenKey, String deliveryKey, Instant now) {
    seen.values().removeIf(s -> s.forgetAt().isBefore(now));
    // 2x skew: a timestamp may be up to maxSkew in the future and still be accepted maxSkew later
    Seen mine = new Seen(deliveryKey, now.plus(maxSkew.multipliedBy(2)));
    Seen first = seen.putIfAbsent(seenKey, mine);
    if (first != null && !first.deliveryKey().equals(deliveryKey)) {
      return SignatureVerdict.replayed(
          "webhook-id "
              + seenKey.substring(0, seenKey.indexOf('|'))
              + " was already used inside the replay window");
    }
    return SignatureVerdict.signed();
  }

  private boolean matches(String id, String ts, byte[] body, String header) {
    byte[] expected = hmac(key, id, ts, body);
    boolean any = false;
    for (String candidate : header.split(" ")) {
      if (!candidate.startsWith(SCHEME)) {
        continue;
      }
      byte[] given;
      try {
        given = Base64.getDecoder().decode(candidate.substring(SCHEME.length()));
      } catch (IllegalArgumentException e) {
        continue;
      }
      // no early exit: every candidate is compared in constant time
      any |= MessageDigest.isEqual(expected, given);
    }
    return any;
  }

  /** The {@code webhook-signature} value for a body: what a sender computes. */
  public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
    return SCHEME
        + Base64.getEncoder()
            .encodeToString(hmac(keyBytes(secret), id, Long.toString(timestampSeconds), body));
  }

  private static byte[] hmac(byte[] key, String id, String ts, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] keyBytes(String secret) {
    if (secret.startsWith(SECRET_PREFIX)) {
      return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    }
    return secret.getBytes(StandardCharsets.UTF_8);
  }
}
