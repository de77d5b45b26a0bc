package io.autoagent.tools.archive;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where {@link S3ArchiveStore} writes: {@code s3://<bucket>/<prefix>/<archiver key>}.
 *
 * @param bucket an existing bucket
 * @param prefix key prefix without leading or trailing slashes; empty puts archives at the bucket's
 *     root
 * @param region null: the SDK's default region chain ({@code AWS_REGION}, profile, instance
 *     metadata)
 * @param endpoint null: AWS's endpoint for the region; else an S3-compatible server (MinIO, Ceph)
 * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key}, which
 *     most self-hosted servers need
 * @param timeout connect and read timeout of one HTTP request, and the limit of one call with
 *     retries
 */
public record S3ArchiveConfig(
    String bucket,
    String prefix,
    String region,
    URI endpoint,
    boolean pathStyle,
    Duration timeout) {

  public S3ArchiveConfig {
    Objects.requireNonNull(bucket, "bucket");
    prefix = prefix == null ? "" : prefix.replaceAll("^/+|/+$", "");
    Objects.requireNonNull(timeout, "timeout");
  }

  /** The full object key of an archive key. */
  public String objectKey(String key) {
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  @Override
  public String toString() {
    return "s3://"
        + bucket
        + "/"
        + prefix
        + (region == null ? "" : " region " + region)
        + (endpoint == null ? "" : " endpoint " + endpoint)
        + (pathStyle ? " path-style" : "");
  }
}
