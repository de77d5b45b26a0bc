package io.autoagent.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.llm.CredentialShapes.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

  private final Redactor redactor = new Redactor();

  static Stream<Shape> shapes() {
    return CredentialShapes.ALL.stream();
  }

  @Test
  void knowsAtLeastFortyShapes() {
    assertThat(CredentialShapes.ALL).hasSizeGreaterThanOrEqualTo(40);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void redactsEveryShape(Shape shape) {
    String out = redactor.redact(shape.text());
    assertThat(out).doesNotContain(shape.secret()).contains(Redactor.MARK);
  }

  /**
   * Each shape in random surroundings, quoted and wrapped several ways; seeded, so a failure
   * repeats.
   */
  static Stream<Arguments> hostile() {
    Random random = new Random(16);
    String[] prefixes = {
      "",
      "ERROR ",
      "2026-12-07T10:00:00Z INFO  [main] ",
      "msg=\"",
      "{\"log\":\"",
      "'",
      "> ",
      "\t",
      "level=warn caller=db.go:42 ",
      "Traceback: ValueError(",
      "[pod/cart-api-7d9f8b-x2k4p/api] "
    };
    String[] suffixes = {
      "", "\"", "\"}", "'", ")", " (retrying in 5s)", ";", "\n", " end", ",next=1"
    };
    List<Arguments> cases = new ArrayList<>();
    for (Shape shape : CredentialShapes.ALL) {
      for (int i = 0; i < 4; i++) {
        String noise = randomWords(random);
        String text =
            prefixes[random.nextInt(prefixes.length)]
                + noise
                + " "
                + shape.text()
                + suffixes[random.nextInt(suffixes.length)]
                + " "
                + randomWords(random);
        cases.add(Arguments.of(shape.name() + " #" + i, text, shape.secret()));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void redactsEveryShapeInRandomSurroundings(String name, String text, String secret) {
    assertThat(redactor.redact(text)).doesNotContain(secret);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "password",
        "PASSWORD",
        "Password",
        "db_password",
        "DB_PASS",
        "apiKey",
        "api-key",
        "secret",
        "client_secret",
        "auth_token",
        "GITHUB_TOKEN",
        "x-auth-token",
        "passwd",
        "pwd",
        "private_key",
        "accessKey"
      })
  void redactsAKeysValueInEverySyntaxAndCase(String key) {
    String value = "V4lu3-" + key.length() + "xq";
    for (String line :
        List.of(
            key + "=" + value,
            key + ": " + value,
            "\"" + key + "\": \"" + value + "\"",
            "'" + key + "': '" + value + "'",
            key + " = '" + value + "'",
            key + ":=" + value,
            "\"" + key + "\" => \"" + value + "\"",
            "{\\\"" + key + "\\\":\\\"" + value + "\\\"}",
            "?" + key + "=" + value + "&page=2",
            key + "=" + value + ";Other=1")) {
      assertThat(redactor.redact(line)).as(line).doesNotContain(value).contains(Redactor.MARK);
    }
  }

  @Test
  void redactsAPrivateKeyBlockWhole() {
    String text = "key:\n" + CredentialShapes.PEM_RSA + "\ndone";
    assertThat(redactor.redact(text)).isEqualTo("key:\n[REDACTED]\ndone");
  }

  @Test
  void redactsAPrivateKeyWithEscapedNewlines() {
    String text =
        "{\"private_key\": \""
            + CredentialShapes.PEM_PKCS8.replace("\n", "\\n")
            + "\\n\", \"type\": \"x\"}";
    String out = redactor.redact(text);
    assertThat(out).doesNotContain("Pq3r").doesNotContain("MIIEvQ").contains("\"type\": \"x\"");
  }

  @Test
  void redactsAPrivateKeyQuotedLineByLineInOneText() {
    StringBuilder log = new StringBuilder();
    for (String line : CredentialShapes.PEM_EC.split("\n")) {
      log.append("2026-12-07T10:00:01Z stderr F ").append(line).append('\n');
    }
    log.append("2026-12-07T10:00:02Z stderr F started\n");
    String out = redactor.redact(log.toString());
    assertThat(out).doesNotContain("Zq9w").doesNotContain("MHcCAQ").endsWith("started\n");
  }

  @Test
  void redactsAPrivateKeySplitOverSeveralTexts() {
    List<String> lines = List.of(CredentialShapes.PEM_RSA.split("\n"));
    List<String> withContext = new ArrayList<>();
    withContext.add("loading key");
    withContext.addAll(lines);
    withContext.add("ready on :8080");
    List<String> out = redactor.redactLines(withContext);
    assertThat(String.join("\n", out)).doesNotContain("Ab3x9Q==").doesNotContain("MIIEow");
    assertThat(out.getFirst()).isEqualTo("loading key");
    assertThat(out.getLast()).isEqualTo("ready on :8080");
  }

  @Test
  void redactsEveryLineOfAKeyWhoseBeginFellOutsideALogTail() {
    // given: the last lines of a log, one text each, starting inside an OpenSSH key
    List<String> lines = List.of(CredentialShapes.PEM_OPENSSH.split("\n"));
    List<String> tail = new ArrayList<>();
    tail.add("previous container log (last lines):");
    lines.subList(1, lines.size()).forEach(l -> tail.add("  " + l));
    tail.add("  retrying");
    // when
    List<String> out = redactor.redactLines(tail);
    // then
    assertThat(String.join("\n", out)).doesNotContain("AAAEC9yQ==").doesNotContain("b3BlbnNz");
    assertThat(out.getFirst()).isEqualTo("previous container log (last lines):");
    assertThat(out.getLast()).isEqualTo("  retrying");
    assertThat(out).hasSize(tail.size());
  }

  @Test
  void redactsTheTailOfAKeyWhoseBeginWasCutOff() {
    String tail = "9z+40RQzuVaE8AkAFmxZzow3x\nAb3x9Q==\n-----END RSA PRIVATE KEY-----\nlistening";
    assertThat(redactor.redact(tail)).isEqualTo("[REDACTED]\nlistening");
  }

  @Test
  void redactsAnUnterminatedKeyToTheEnd() {
    assertThat(redactor.redact("x -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNz\nAAAEC9yQ=="))
        .isEqualTo("x [REDACTED]");
  }

  @Test
  void redactsNamedKeysInEverySyntax() {
    Redactor withKeys = redactor.withKeys(List.of("DB_CONN", "STRIPE"));
    for (String line :
        List.of(
            "DB_CONN=hunter2",
            "db_conn: hunter2",
            "{\"DB_CONN\": \"hunter2\"}",
            "'STRIPE': 'hunter2'")) {
      assertThat(withKeys.redact(line)).as(line).doesNotContain("hunter2");
    }
    assertThat(withKeys.redact("MY_DB_CONN_COUNT=hunter2"))
        .as("another variable")
        .contains("hunter2");
  }

  @Test
  void learnsValuesBesideCredentialKeys() {
    Redactor withKeys = redactor.withKeys(List.of("DB_CONN"));
    assertThat(
            withKeys.learn(
                "DB_CONN=hunter2 and 'password': 'py-pass-77', token=abc, password=true"))
        .containsExactlyInAnyOrder("hunter2", "py-pass-77");
    Redactor learned = withKeys.withLiterals(withKeys.learn("DB_CONN=hunter2"));
    assertThat(learned.redact("login failed for hunter2 at db"))
        .isEqualTo("login failed for [REDACTED] at db");
  }

  @Test
  void redactsKnownSecretValuesAnywhere() {
    Redactor withValues = redactor.withLiterals(List.of("plain-value-42", "abc"));
    assertThat(withValues.redact("connecting with plain-value-42 as user abc"))
        .isEqualTo("connecting with [REDACTED] as user abc");
  }

  /** Near misses: operational text that looks a little like a credential and must survive. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "Back-off restarting failed container api in pod payments-7d9f8b-x2k4p; exit code 137",
        "image registry.example.com/payments:v2.3.1@sha256:9b2a1f0e8d7c6b5a49382716051a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c",
        "commit 3f9c2a1b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b by Jane Doe: bump cart-api to v2",
        "pod uid 7c9e6679-7425-40de-944b-e07fc1f90ae7 node ip-10-0-1-23.eu-west-1.compute.internal",
        "Error: secret \"db-creds\" not found",
        "MountVolume.SetUp failed for volume \"tls\" : secret \"cart-tls\" not found",
        "basic auth failed for user admin",
        "secretKeyRef name=db-creds key=password",
        "token expired, refreshing; max_tokens=512 tokens_used=420",
        "bypass=true compass: north",
        "{\"nextPageToken\": \"CAEaAggD\", \"page_token\": \"p2\", \"continuationToken\": \"abc123\"}",
        "https://github.com/acme/cart-api/commit/3f9c2a1b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b",
        "http://cart-api.shop.svc.cluster.local:8080/healthz returned 503",
        "Readiness probe failed: Get \"http://10.0.3.7:8080/ready\": context deadline exceeded",
        "Deployment/shop/cart-api ReplicaSet cart-api-5b8c9d7f6 scaled to 3",
        "0/3 nodes are available: 3 Insufficient memory. preemption: 0/3 nodes are available",
        "the Authorization header is missing; set a Bearer token",
        "sk-learn version 1.4, key-value store ready, glpat pattern disabled"
      })
  void keepsOrdinaryOperationalText(String text) {
    assertThat(redactor.redact(text)).isEqualTo(text);
  }

  @Test
  void keepsKeysAndSyntaxAroundTheMark() {
    assertThat(redactor.redact("{'user': 'svc', 'password': 'py-dict-s3cret'}"))
        .isEqualTo("{'user': 'svc', 'password': '[REDACTED]'}");
    assertThat(redactor.redact("postgres://app:pw1234@db:5432/x"))
        .isEqualTo("postgres://app:[REDACTED]@db:5432/x");
    assertThat(redactor.redact("Authorization: Bearer abcdef0123456789"))
        .isEqualTo("Authorization: Bearer [REDACTED]");
  }

  @Test
  void isIdempotent() {
    for (Shape shape : CredentialShapes.ALL) {
      String once = redactor.redact(shape.text());
      assertThat(redactor.redact(once)).as(shape.name()).isEqualTo(once);
    }
  }

  @Test
  void treatsPagingTokensAsProtocolStateNotCredentials() {
    assertThat(redactor.isSecretKey("nextPageToken")).isFalse();
    assertThat(redactor.isSecretKey("page_token")).isFalse();
    assertThat(redactor.isSecretKey("auth_token")).isTrue();
    assertThat(redactor.isSecretKey("secret"))
        .as("the agent's own field for a Secret's name")
        .isFalse();
    assertThat(redactor.isSecretKey("client_secret")).isTrue();
  }

  @Test
  void noneLeavesTextAlone() {
    assertThat(Redactor.NONE.redact("AKIAIOSFODNN7EXAMPLE")).isEqualTo("AKIAIOSFODNN7EXAMPLE");
  }

  @Test
  void redactsShapesInAnyCaseOfTheirKeywords() {
    for (String text :
        List.of(
            "AUTHORIZATION: BEARER abcdef0123456789",
            "Db_PaSsWoRd=Mixed-Case-1",
            "POSTGRES://app:s3cr3t-Pa55@db/x")) {
      String out = redactor.redact(text);
      assertThat(out.toLowerCase(Locale.ROOT)).as(text).contains("[redacted]");
      assertThat(out)
          .doesNotContain("abcdef0123456789")
          .doesNotContain("Mixed-Case-1")
          .doesNotContain("s3cr3t-Pa55");
    }
  }

  private static String randomWords(Random random) {
    String[] words = {
      "connecting",
      "to",
      "db",
      "retry",
      "pod",
      "cart-api",
      "ok",
      "failed",
      "value",
      "user=svc",
      "a",
      "the"
    };
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(5); i > 0; i--) {
      out.append(words[random.nextInt(words.length)]).append(' ');
    }
    return out.toString().trim();
  }
}
