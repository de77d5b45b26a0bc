package io.autoagent.core.messaging;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.KeyValueOptions;
import io.nats.client.ObjectStore;
import io.nats.client.ObjectStoreManagement;
import io.nats.client.ObjectStoreOptions;
import io.nats.client.StreamContext;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way the agents reach JetStream and create what they store in it: JetStream contexts in
 * the configured domain, and streams, KV buckets and object stores created with the configured
 * replica count ({@code NATS_STREAM_REPLICAS}). What already exists keeps its settings (the
 * contract's rule); a replica count that differs is reported once, as a warning naming the stream,
 * and never changed. Thread-safe.
 */
public final class JetStreamStores {

  private static final Logger log = LoggerFactory.getLogger(JetStreamStores.class);

  /**
   * JetStream API errors: stream not found; a stream of that name exists with another
   * configuration.
   */
  static final int STREAM_NOT_FOUND = 10059;

  static final int STREAM_NAME_IN_USE = 10058;

  private final Connection connection;
  private final int replicas;
  private final String domain;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  /**
   * @param replicas replicas of everything created, 1 to 5
   * @param domain JetStream domain, or null for the connection's own
   */
  public JetStreamStores(Connection connection, int replicas, String domain) {
    this.connection = Objects.requireNonNull(connection, "connection");
    if (replicas < 1 || replicas > 5) {
      throw new IllegalArgumentException("replicas must be 1 to 5, got " + replicas);
    }
    this.replicas = replicas;
    this.domain = domain;
  }

  /** One replica, no domain: for tests and tools against a single server. */
  public static JetStreamStores of(Connection connection) {
    return new JetStreamStores(connection, 1, null);
  }

  public Connection connection() {
    return connection;
  }

  public int replicas() {
    return replicas;
  }

  /** The JetStream domain, or null. */
  public String domain() {
    return domain;
  }

  public JetStreamOptions jetStreamOptions() {
    return domain == null
        ? JetStreamOptions.DEFAULT_JS_OPTIONS
        : JetStreamOptions.builder().domain(domain).build();
  }

  public JetStream jetStream() throws IOException {
    return connection.jetStream(jetStreamOptions());
  }

  public JetStreamManagement management() throws IOException {
    return connection.jetStreamManagement(jetStreamOptions());
  }

  public StreamContext streamContext(String stream) throws IOException, JetStreamApiException {
    return connection.getStreamContext(stream, jetStreamOptions());
  }

  private KeyValueOptions keyValueOptions() {
    return domain == null
        ? KeyValueOptions.builder().build()
        : KeyValueOptions.builder().jsDomain(domain).build();
  }

  private ObjectStoreOptions objectStoreOptions() {
    return domain == null
        ? ObjectStoreOptions.builder().build()
        : ObjectStoreOptions.builder().jsDomain(domain).build();
  }

  public KeyValueManagement keyValueManagement() throws IOException {
    return connection.keyValueManagement(keyValueOptions());
  }

  public ObjectStoreManagement objectStoreManagement() throws IOException {
    return connection.objectStoreManagement(objectStoreOptions());
  }

  /**
   * The stream, created from {@code wanted} with this replica count when missing; an existing
   * stream is returned as it is.
   */
  public StreamInfo stream(StreamConfiguration wanted) throws IOException, JetStreamApiException {
    JetStreamManagement jsm = management();
    try {
      StreamInfo info = jsm.getStreamInfo(wanted.getName());
      checkReplicas(wanted.getName(), info.getConfiguration().getReplicas());
      return info;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
    }
    try {
      StreamInfo info =
          jsm.addStream(StreamConfiguration.builder(wanted).replicas(replicas).build());
      log.info("Created stream {} with {} replica(s)", wanted.getName(), replicas);
      return info;
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NAME_IN_USE) {
        throw e;
      }
      // another agent created it between our lookup and our create: use theirs
      StreamInfo info = jsm.getStreamInfo(wanted.getName());
      checkReplicas(wanted.getName(), info.getConfiguration().getReplicas());
      return info;
    }
  }

  /** The KV bucket, created from {@code wanted} with this replica count when missing. */
  public KeyValue keyValue(KeyValueConfiguration wanted) throws IOException, JetStreamApiException {
    KeyValueManagement kvm = keyValueManagement();
    String bucket = wanted.getBucketName();
    try {
      checkReplicas(wanted.getBackingConfig().getName(), kvm.getStatus(bucket).getReplicas());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
      try {
        kvm.create(KeyValueConfiguration.builder(wanted).replicas(replicas).build());
        log.info("Created KV bucket {} with {} replica(s)", bucket, replicas);
      } catch (JetStreamApiException raced) {
        // another agent created it first; fails here if it really is missing
        checkReplicas(wanted.getBackingConfig().getName(), kvm.getStatus(bucket).getReplicas());
      }
    }
    return connection.keyValue(bucket, keyValueOptions());
  }

  /** The object store, created from {@code wanted} with this replica count when missing. */
  public ObjectStore objectStore(ObjectStoreConfiguration wanted)
      throws IOException, JetStreamApiException {
    ObjectStoreManagement osm = objectStoreManagement();
    String bucket = wanted.getBucketName();
    try {
      checkReplicas(wanted.getBackingConfig().getName(), osm.getStatus(bucket).getReplicas());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
      try {
        osm.create(ObjectStoreConfiguration.builder(wanted).replicas(replicas).build());
        log.info("Created object store {} with {} replica(s)", bucket, replicas);
      } catch (JetStreamApiException raced) {
        checkReplicas(wanted.getBackingConfig().getName(), osm.getStatus(bucket).getReplicas());
      }
    }
    return connection.objectStore(bucket, objectStoreOptions());
  }

  /**
   * Reports, once per stream, an existing stream whose replica count differs from the setting; the
   * stream is never changed.
   *
   * @return whether it differs
   */
  public boolean checkReplicas(String stream, int actual) {
    if (actual == replicas) {
      return false;
    }
    if (reported.add(stream)) {
      log.warn(
          "Stream {} has {} replica(s) but NATS_STREAM_REPLICAS={}: kept as it is (change it with "
              + "`nats stream edit {} --replicas {}`)",
          stream,
          actual,
          replicas,
          stream,
          replicas);
    }
    return true;
  }
}
