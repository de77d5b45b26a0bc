package io.autoagent.tools.remediation.signature;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.remediation.signature.SignatureVerdict.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSignaturesTest {

  private static final String SECRET =
      "whsec_"
          + Base64.getEncoder()
              .encodeToString("a-very-secret-key".getBytes(StandardCharsets.UTF_8));
  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final byte[] BODY = "{\"execution_id\":\"x-1\"}".getBytes(StandardCharsets.UTF_8);

  private final WebhookSignatures signatures =
      new WebhookSignatures(SECRET, Duration.ofSeconds(300), Clock.fixed(NOW, ZoneOffset.UTC));

  private static SignedRequest signed(String id, long ts, String signature, byte[] body) {
    return new SignedRequest(
        Map.of(
            "webhook-id",
            id,
            "webhook-timestamp",
            Long.toString(ts),
            "webhook-signature",
            signature),
        body);
  }

  private static SignedRequest valid(long ts) {
    return signed("x-1", ts, WebhookSignatures.sign(SECRET, "x-1", ts, BODY), BODY);
  }

  @Test
  void acceptsAValidSignatureAmongSeveral() {
    long ts = NOW.getEpochSecond();
    String header = "v1,AAAA " + WebhookSignatures.sign(SECRET, "x-1", ts, BODY) + " v2,ignored";

    assertThat(signatures.verify(signed("x-1", ts, header, BODY), "x-1", "request", "s:1").kind())
        .isEqualTo(Kind.SIGNED);
  }

  @Test
  void refusesASignatureOverAnotherBody() {
    long ts = NOW.getEpochSecond();
    SignedRequest tampered =
        signed(
            "x-1",
            ts,
            WebhookSignatures.sign(SECRET, "x-1", ts, BODY),
            "{\"execution_id\":\"x-1\",\"dry_run\":false}".getBytes(StandardCharsets.UTF_8));

    assertThat(signatures.verify(tampered, "x-1", "request", "s:1").kind()).isEqualTo(Kind.INVALID);
  }

  @Test
  void refusesASignatureMadeWithAnotherKey() {
    long ts = NOW.getEpochSecond();
    SignedRequest forged =
        signed("x-1", ts, WebhookSignatures.sign("whsec_b3RoZXI=", "x-1", ts, BODY), BODY);

    assertThat(signatures.verify(forged, "x-1", "request", "s:1").kind()).isEqualTo(Kind.INVALID);
  }

  @Test
  void refusesAWebhookIdThatIsNotTheExecutionId() {
    assertThat(signatures.verify(valid(NOW.getEpochSecond()), "x-2", "request", "s:1").kind())
        .isEqualTo(Kind.INVALID);
  }

  @Test
  void refusesAStaleTimestampAsReplayed() {
    SignatureVerdict v =
        signatures.verify(valid(NOW.minusSeconds(301).getEpochSecond()), "x-1", "request", "s:1");

    assertThat(v.kind()).isEqualTo(Kind.REPLAYED);
    assertThat(v.reason()).contains("SIGNATURE_MAX_SKEW_S");
  }

  @Test
  void refusesAReusedWebhookIdButNotARedeliveryOfTheSameMessage() {
    long ts = NOW.getEpochSecond();

    Kind first = signatures.verify(valid(ts), "x-1", "request", "s:1").kind();
    Kind redelivered = signatures.verify(valid(ts), "x-1", "request", "s:1").kind();
    Kind replayed = signatures.verify(valid(ts), "x-1", "request", "s:2").kind();
    Kind approval = signatures.verify(valid(ts), "x-1", "approval", "s:3").kind();

    assertThat(first).isEqualTo(Kind.SIGNED);
    assertThat(redelivered).isEqualTo(Kind.SIGNED);
    assertThat(replayed).isEqualTo(Kind.REPLAYED);
    assertThat(approval).isEqualTo(Kind.SIGNED);
  }

  @Test
  void treatsARequestWithoutHeadersAsUnsignedAndIncompleteHeadersAsInvalid() {
    assertThat(signatures.verify(new SignedRequest(Map.of(), BODY), "x-1", "request", "s:1").kind())
        .isEqualTo(Kind.UNSIGNED);
    assertThat(
            signatures
                .verify(
                    new SignedRequest(Map.of("webhook-id", "x-1"), BODY), "x-1", "request", "s:1")
                .kind())
        .isEqualTo(Kind.INVALID);
  }
}
