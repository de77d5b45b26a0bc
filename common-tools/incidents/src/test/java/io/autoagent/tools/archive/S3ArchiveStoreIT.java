package io.autoagent.tools.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.config.ConfigException;
import io.autoagent.core.llm.Redactor;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Archives in S3 through the real AWS SDK against S3Proxy, an S3-API server running in this JVM
 * (in-memory backend) that checks SigV4 signatures. Credentials come from the SDK's default chain
 * (system properties here, a web identity token for IRSA), as in production.
 */
class S3ArchiveStoreIT {

  private static final String ACCESS_KEY = "AKIAAUTOAGENTTEST";
  private static final String SECRET_KEY = "s3proxy-secret-key";
  private static final String BUCKET = "incident-archives";
  private static final String SECRET = "hunter2-Sup3rSecret";
  private static final List<String> AWS_PROPERTIES =
      List.of(
          "aws.accessKeyId",
          "aws.secretAccessKey",
          "aws.region",
          "aws.webIdentityTokenFile",
          "aws.roleArn",
          "aws.roleSessionName",
          "aws.endpointUrlSts",
          "aws.disableEc2Metadata",
          "aws.configFile",
          "aws.sharedCredentialsFile");

  private static BlobStore blobs;
  private static S3Proxy proxy;
  private static URI endpoint;
  private final Map<String, String> savedProperties = new HashMap<>();

  @BeforeAll
  static void startS3Proxy() throws Exception {
    blobs = BlobStores.create("transient", new Properties());
    proxy =
        S3Proxy.builder()
            .blobStore(blobs)
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(URI.create("http://127.0.0.1:0"))
            // It answers 501 to x-amz-security-token (temporary credentials, as IRSA's), which AWS
            // accepts.
            .ignoreUnknownHeaders(true)
            .build();
    proxy.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> proxy.getState().equals("STARTED"));
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    blobs.createContainer(BUCKET);
  }

  @AfterAll
  static void stopS3Proxy() throws Exception {
    proxy.stop();
    blobs.close();
  }

  @BeforeEach
  void staticCredentialsInTheDefaultChain(@TempDir Path home) throws Exception {
    AWS_PROPERTIES.forEach(p -> savedProperties.put(p, System.getProperty(p)));
    // No profile files from the machine, no instance metadata lookups.
    Path empty = Files.createFile(home.resolve("empty"));
    System.setProperty("aws.configFile", empty.toString());
    System.setProperty("aws.sharedCredentialsFile", empty.toString());
    System.setProperty("aws.disableEc2Metadata", "true");
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
  }

  @AfterEach
  void restoreProperties() {
    savedProperties.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  private static S3ArchiveConfig config(String bucket, URI server) {
    return new S3ArchiveConfig(
        bucket, "autoagent/incidents/", "us-east-1", server, true, Duration.ofSeconds(5));
  }

  private static Evidence crashLoop(String alertId) {
    Alert alert =
        new Alert(
            alertId,
            "c-1",
            "payments",
            "shop",
            Severity.CRITICAL,
            "CrashLoopBackOff",
            "down",
            null,
            null,
            null,
            null,
            null);
    Finding finding =
        new Finding(
            Category.CRASH_LOOP,
            Severity.HIGH,
            "Pod/shop/payments-7d9f-x2x4q",
            "payments exits on start",
            List.of("log: connecting with DB_PASSWORD=" + SECRET),
            Map.of(Finding.ATTR_POD, "payments-7d9f-x2x4q"));
    return new Evidence(
        alert, List.of(SourceReport.ok("kubernetes", List.of(finding), List.of(), null)));
  }

  @Test
  void storesTheRedactedBundleAsJsonUnderThePrefixAndReadsItBack() throws Exception {
    // given
    Clock clock = Clock.fixed(Instant.parse("2025-03-04T10:00:00Z"), ZoneOffset.UTC);
    try (S3ArchiveStore store = S3ArchiveStore.open(config(BUCKET, endpoint))) {
      IncidentArchiver archiver = new IncidentArchiver(store, new Redactor(), clock);

      // when
      String key =
          archiver.archive(
              crashLoop("a-42"),
              new RootCause(Category.CRASH_LOOP, "bad password", 0.9),
              "{\"alert_id\":\"a-42\",\"env\":{\"password\":\"" + SECRET + "\"}}");

      // then the server holds exactly that object, typed as JSON
      String objectKey =
          "autoagent/incidents/shop/payments/CrashLoopBackOff/2025-03-04/payments-7d9f-x2x4q.json";
      assertThat(key)
          .isEqualTo("shop/payments/CrashLoopBackOff/2025-03-04/payments-7d9f-x2x4q.json");
      assertThat(blobs.list(BUCKET).contents()).extracting(S3Object::key).contains(objectKey);
      assertThat(blobs.blobMetadata(BUCKET, objectKey).contentType()).isEqualTo("application/json");
      String stored;
      try (var in = blobs.getBlob(BUCKET, objectKey)) {
        stored = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(stored).doesNotContain(SECRET).contains("[REDACTED]");
      // and the store reads it back through the SDK
      byte[] read = store.get(key).orElseThrow();
      assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo(stored);
      JsonNode bundle = new ObjectMapper().readTree(read);
      assertThat(bundle.path("alert").path("alert_id").asText()).isEqualTo("a-42");
      assertThat(bundle.path("analysis").path("alert_id").asText()).isEqualTo("a-42");
      assertThat(store.get("shop/payments/CrashLoopBackOff/2025-03-04/none.json")).isEmpty();
      // the owning alert is user metadata (x-amz-meta-alert-id), read with a HEAD request
      assertThat(blobs.blobMetadata(BUCKET, objectKey).metadata())
          .containsEntry("alert-id", "a-42");
      assertThat(store.alertIdAt(key)).contains("a-42");
      // any alert id survives the trip through an HTTP header
      String odd = "alerte-\u00e9t\u00e9\r\n/\u2603";
      store.put(
          "shop/payments/CrashLoopBackOff/2025-03-04/odd.json",
          "{}".getBytes(StandardCharsets.UTF_8),
          odd);
      assertThat(store.alertIdAt("shop/payments/CrashLoopBackOff/2025-03-04/odd.json"))
          .contains(odd);
      assertThat(store.alertIdAt("shop/payments/CrashLoopBackOff/2025-03-04/none.json")).isEmpty();
    }
  }

  @Test
  void refusesToStartOnABucketThatDoesNotExistWithOneLineNamingItAndTheStatus() {
    assertThatThrownBy(() -> S3ArchiveStore.open(config("no-such-archives", endpoint)))
        .isInstanceOf(PermanentException.class)
        .hasMessageStartingWith("cannot check S3 bucket no-such-archives: HTTP 404")
        .hasMessageNotContaining("\n");
  }

  @Test
  void failsPermanentlyWhenTheBucketIsGoneAfterStart() {
    // given a store opened on a bucket that is then deleted
    blobs.createContainer("short-lived");
    try (S3ArchiveStore store = S3ArchiveStore.open(config("short-lived", endpoint))) {
      blobs.deleteContainer("short-lived");

      // when / then
      assertThatThrownBy(
              () -> store.put("shop/a/b/2025-03-04/p.json", "{}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(PermanentException.class)
          .hasMessageContaining(
              "S3 bucket short-lived key autoagent/incidents/shop/a/b/2025-03-04/p.json")
          .hasMessageContaining("HTTP 404 NoSuchBucket")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void failsPermanentlyWhenTheCredentialsAreRefused() {
    // given credentials S3Proxy does not know: the start-up check only warns (403 may mean no
    // s3:ListBucket)
    System.setProperty("aws.secretAccessKey", "wrong-secret");
    try (S3ArchiveStore store = S3ArchiveStore.open(config(BUCKET, endpoint))) {

      // when / then
      assertThatThrownBy(
              () -> store.put("shop/a/b/2025-03-04/p.json", "{}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(PermanentException.class)
          .hasMessageContaining("S3 bucket " + BUCKET)
          .hasMessageContaining(": HTTP 403")
          .hasMessageNotContaining("\n");
    }
    assertThat(blobs.blobExists(BUCKET, "autoagent/incidents/shop/a/b/2025-03-04/p.json"))
        .isFalse();
  }

  @Test
  void failsRetriablyWhenTheEndpointIsUnreachable() throws Exception {
    // given a port nobody listens on: the start-up check only warns, so S3 being down never stops
    // the agent
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (S3ArchiveStore store =
        S3ArchiveStore.open(config(BUCKET, URI.create("http://127.0.0.1:" + closed)))) {

      // when / then
      assertThatThrownBy(
              () -> store.put("shop/a/b/2025-03-04/p.json", "{}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(RetriableException.class)
          .hasMessageContaining("S3 bucket " + BUCKET)
          .hasMessageNotContaining("\n");
      assertThatThrownBy(() -> store.get("shop/a/b/2025-03-04/p.json"))
          .isInstanceOf(RetriableException.class);
    }
  }

  @Test
  void namesTheRegionVariableWhenNoRegionIsConfiguredOrFound() {
    S3ArchiveConfig noRegion =
        new S3ArchiveConfig(BUCKET, "x", null, endpoint, true, Duration.ofSeconds(5));

    assertThatThrownBy(() -> S3ArchiveStore.open(noRegion))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("ARCHIVE_S3_REGION is not set")
        .hasMessageNotContaining("\n");
  }

  @Test
  void takesTheRegionFromTheSdkChainWhenNotConfigured() {
    System.setProperty("aws.region", "eu-west-1");
    S3ArchiveConfig chainRegion =
        new S3ArchiveConfig(BUCKET, "chain", null, endpoint, true, Duration.ofSeconds(5));

    try (S3ArchiveStore store = S3ArchiveStore.open(chainRegion)) {
      store.put("k.json", "{}".getBytes(StandardCharsets.UTF_8));
    }

    assertThat(blobs.blobExists(BUCKET, "chain/k.json")).isTrue();
  }

  @Test
  void signsWithTheRoleAssumedFromAWebIdentityTokenAsIrsaProvides(@TempDir Path dir)
      throws Exception {
    // given the variables EKS injects for IRSA (as system properties), and STS as a local server
    Path token =
        Files.writeString(dir.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.service-account-token.sig");
    try (MockWebServer sts = new MockWebServer()) {
      sts.enqueue(
          new MockResponse.Builder()
              .code(200)
              .addHeader("Content-Type", "text/xml")
              .body(assumeRoleWithWebIdentityResponse(ACCESS_KEY, SECRET_KEY))
              .build());
      sts.start();
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
      System.setProperty("aws.webIdentityTokenFile", token.toString());
      System.setProperty("aws.roleArn", "arn:aws:iam::123456789012:role/autoagent-archiver");
      System.setProperty("aws.roleSessionName", "autoagent");
      System.setProperty("aws.region", "us-east-1");
      System.setProperty("aws.endpointUrlSts", sts.url("/").toString());

      // when
      try (S3ArchiveStore store = S3ArchiveStore.open(config(BUCKET, endpoint))) {
        store.put(
            "shop/irsa/x/2025-03-04/p.json", "{\"irsa\":true}".getBytes(StandardCharsets.UTF_8));
      }

      // then STS got the token and the role, and S3Proxy accepted requests signed with the issued
      // keys
      RecordedRequest assume = sts.takeRequest(10, TimeUnit.SECONDS);
      assertThat(assume).isNotNull();
      String form = assume.getBody().utf8();
      assertThat(form)
          .contains(
              "Action=AssumeRoleWithWebIdentity",
              "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fautoagent-archiver",
              "WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.service-account-token.sig");
      assertThat(blobs.blobExists(BUCKET, "autoagent/incidents/shop/irsa/x/2025-03-04/p.json"))
          .isTrue();
    }
  }

  private static String assumeRoleWithWebIdentityResponse(String accessKey, String secretKey) {
    return """
        <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleWithWebIdentityResult>
            <SubjectFromWebIdentityToken>system:serviceaccount:ops:aa-infrastructure-agent</SubjectFromWebIdentityToken>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/autoagent-archiver/autoagent</Arn>
              <AssumedRoleId>AROAEXAMPLE:autoagent</AssumedRoleId>
            </AssumedRoleUser>
            <Credentials>
              <AccessKeyId>%s</AccessKeyId>
              <SecretAccessKey>%s</SecretAccessKey>
              <SessionToken>irsa-session-token</SessionToken>
              <Expiration>2099-01-01T00:00:00Z</Expiration>
            </Credentials>
            <Audience>sts.amazonaws.com</Audience>
          </AssumeRoleWithWebIdentityResult>
          <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
        </AssumeRoleWithWebIdentityResponse>
        """
        .formatted(accessKey, secretKey);
  }
}
