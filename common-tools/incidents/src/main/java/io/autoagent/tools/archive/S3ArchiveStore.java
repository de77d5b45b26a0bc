package io.autoagent.tools.archive;

import io.autoagent.core.AgentException;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.config.ConfigException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Archives in an S3 bucket through the AWS SDK v2, as {@code application/json} objects at {@code
 * s3://<bucket>/<prefix>/<archiver key>}.
 *
 * <p>Credentials come from the SDK's default chain: {@code aws.accessKeyId} system properties,
 * {@code AWS_ACCESS_KEY_ID} variables, a web identity token ({@code AWS_WEB_IDENTITY_TOKEN_FILE} +
 * {@code AWS_ROLE_ARN}, which is what IRSA injects on EKS; needs the {@code sts} module on the
 * classpath), the shared profile, the container and the instance endpoints. The region is the
 * configured one, else the SDK's region chain ({@code AWS_REGION}, profile, instance metadata).
 * HTTP goes through the JDK's {@code HttpURLConnection} (the SDK's Apache and Netty clients are
 * left out).
 *
 * <p>Retention: S3 has no per-object TTL. Archives expire by a bucket lifecycle rule on the prefix
 * (docs/archives.md). This class never writes the bucket's lifecycle configuration: a put replaces
 * the whole configuration and would delete the rules others keep in the bucket.
 *
 * <p>Failures are mapped once, here: unreachable, timeouts, HTTP 5xx and throttling throw {@link
 * RetriableException}; any other 4xx (403 denied, 404 {@code NoSuchBucket}, 301 wrong region)
 * throws {@link PermanentException}; both one line naming the bucket and the HTTP status. The SDK
 * retries each call itself (standard mode, 3 attempts) within {@link S3ArchiveConfig#timeout()}.
 *
 * <p>Thread-safe. {@link #close()} releases the HTTP client and the credentials provider.
 */
public final class S3ArchiveStore implements ArchiveStore, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(S3ArchiveStore.class);
  private static final String JSON = "application/json";

  private final S3Client s3;
  private final DefaultCredentialsProvider credentials;
  private final S3ArchiveConfig config;

  private S3ArchiveStore(
      S3Client s3, DefaultCredentialsProvider credentials, S3ArchiveConfig config) {
    this.s3 = s3;
    this.credentials = credentials;
    this.config = config;
  }

  /**
   * Builds the client and checks the bucket ({@code HeadBucket}): a bucket that does not exist or
   * lives in another region fails at once; a denied check (403: the role lacks {@code
   * s3:ListBucket}, without which S3 answers 403 instead of 404 for an archive not written yet, so
   * {@link IncidentArchiver} cannot see that a pod's name is free) or an unreachable endpoint is
   * logged, and the store is used anyway, so that S3 being down never keeps the agent from
   * starting.
   *
   * @throws ConfigException when no region is configured and the SDK's chain finds none
   * @throws PermanentException when the check gets a 4xx other than 403
   */
  public static S3ArchiveStore open(S3ArchiveConfig config) {
    DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
    S3ClientBuilder builder =
        S3Client.builder()
            .credentialsProvider(credentials)
            .httpClientBuilder(
                UrlConnectionHttpClient.builder()
                    .connectionTimeout(config.timeout())
                    .socketTimeout(config.timeout()))
            .overrideConfiguration(o -> o.apiCallTimeout(config.timeout()))
            .forcePathStyle(config.pathStyle());
    if (config.region() != null) {
      builder.region(Region.of(config.region()));
    }
    if (config.endpoint() != null) {
      // S3-compatible servers often lack the CRC trailers the SDK adds by default.
      builder
          .endpointOverride(config.endpoint())
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    S3Client client;
    try {
      client = builder.build();
    } catch (SdkClientException e) {
      credentials.close();
      if (config.region() == null) {
        throw new ConfigException(
            "ARCHIVE_S3_REGION is not set and the AWS SDK found no region (AWS_REGION, "
                + "profile, instance metadata): "
                + oneLine(e.getMessage()));
      }
      throw new ConfigException(
          "cannot build the S3 client for " + config + ": " + oneLine(e.getMessage()));
    }
    S3ArchiveStore store = new S3ArchiveStore(client, credentials, config);
    store.checkBucket();
    return store;
  }

  @Override
  public void put(String key, byte[] json) {
    put(key, json, null);
  }

  /** User metadata ({@code x-amz-meta-alert-id}) naming the alert an archive belongs to. */
  static final String ALERT_ID_METADATA = "alert-id";

  /** User metadata ({@code x-amz-meta-evidence-hash}): the hash of the evidence in an archive. */
  static final String EVIDENCE_HASH_METADATA = "evidence-hash";

  @Override
  public void put(String key, byte[] json, String alertId) {
    put(key, json, alertId, null);
  }

  @Override
  public void put(String key, byte[] json, String alertId, String evidenceHash) {
    String objectKey = config.objectKey(key);
    java.util.Map<String, String> metadata = new java.util.HashMap<>();
    if (alertId != null) {
      // user metadata travels as HTTP headers: US-ASCII only, and an alert id may be any string
      metadata.put(
          ALERT_ID_METADATA,
          java.net.URLEncoder.encode(alertId, java.nio.charset.StandardCharsets.UTF_8));
    }
    if (evidenceHash != null) {
      metadata.put(EVIDENCE_HASH_METADATA, evidenceHash);
    }
    try {
      s3.putObject(
          b -> b.bucket(config.bucket()).key(objectKey).contentType(JSON).metadata(metadata),
          RequestBody.fromBytes(json));
    } catch (SdkException e) {
      throw failure("archive to", objectKey, e);
    }
  }

  /** One HEAD request; an archive stored without the metadata is read back instead. */
  @Override
  public Optional<Owner> ownerAt(String key) {
    String objectKey = config.objectKey(key);
    try {
      java.util.Map<String, String> metadata =
          s3.headObject(b -> b.bucket(config.bucket()).key(objectKey)).metadata();
      String alertId = metadata.get(ALERT_ID_METADATA);
      if (alertId == null) {
        return get(key).map(bundle -> new Owner(ArchiveStore.alertIdIn(bundle), null));
      }
      return Optional.of(
          new Owner(
              java.net.URLDecoder.decode(alertId, java.nio.charset.StandardCharsets.UTF_8),
              metadata.get(EVIDENCE_HASH_METADATA)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read archive from", objectKey, e);
    }
  }

  /** {@link #ownerAt}'s alert id: one HEAD request, or the archive read back without metadata. */
  @Override
  public Optional<String> alertIdAt(String key) {
    return ownerAt(key).map(Owner::alertId);
  }

  @Override
  public Optional<byte[]> get(String key) {
    String objectKey = config.objectKey(key);
    try {
      return Optional.of(
          s3.getObjectAsBytes(b -> b.bucket(config.bucket()).key(objectKey)).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw failure("read archive from", objectKey, e);
    }
  }

  private void checkBucket() {
    try {
      s3.headBucket(b -> b.bucket(config.bucket()));
      log.info("Incident archives go to {}", config);
    } catch (SdkException e) {
      AgentException failure = failure("check", null, e);
      if (failure instanceof RetriableException) {
        log.warn("{}; archives will be tried anyway", failure.getMessage());
      } else if (((AwsServiceException) e).statusCode() == 403) {
        // Without s3:ListBucket, S3 answers 403 instead of 404 for an archive that is not there
        // yet.
        log.warn(
            "{}; without s3:ListBucket on the bucket every archive is named <pod>_<alert_id>.json (docs/archives.md); "
                + "archives will be tried anyway",
            failure.getMessage());
      } else {
        close();
        throw failure;
      }
    }
  }

  /** One line naming the bucket, the key (when any) and the HTTP status or the client error. */
  private AgentException failure(String action, String objectKey, SdkException e) {
    String where =
        "cannot "
            + action
            + " S3 bucket "
            + config.bucket()
            + (objectKey == null ? "" : " key " + objectKey);
    if (e instanceof AwsServiceException service) {
      var details = service.awsErrorDetails();
      String code = details == null || details.errorCode() == null ? "" : details.errorCode();
      String text =
          details == null || details.errorMessage() == null
              ? ""
              : ": " + oneLine(details.errorMessage());
      String message =
          where + ": HTTP " + service.statusCode() + (code.isEmpty() ? "" : " " + code) + text;
      // S3 sends a 400 RequestTimeout when the upload stalls; the request itself was fine.
      if (service.statusCode() >= 500
          || service.statusCode() == 429
          || service.isThrottlingException()
          || code.equals("RequestTimeout")) {
        return new RetriableException(message, e);
      }
      return new PermanentException(message, e);
    }
    return new RetriableException(where + ": " + oneLine(e.getMessage()), e);
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }

  @Override
  public void close() {
    s3.close();
    credentials.close();
  }
}
