package io.autoagent.tools.archive;

import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.messaging.JetStreamStores;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.impl.Headers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Optional;

/**
 * Archives in a JetStream object store bucket (default {@code incident-archives}), kept for the
 * bucket's TTL (max age; zero keeps them forever). Works against nats-server 2.9.10.
 */
public final class ObjectStoreArchiveStore implements ArchiveStore {

  private static final int BUCKET_NOT_FOUND = 10059;
  private final ObjectStore store;

  private ObjectStoreArchiveStore(ObjectStore store) {
    this.store = store;
  }

  /** Opens the bucket, creating it with this TTL when absent (an existing bucket keeps its own). */
  public static ObjectStoreArchiveStore open(Connection nc, String bucket, Duration ttl) {
    return open(JetStreamStores.of(nc), bucket, ttl);
  }

  /** Opens the bucket, creating it with this TTL and the stores' replica count when absent. */
  public static ObjectStoreArchiveStore open(JetStreamStores stores, String bucket, Duration ttl) {
    try {
      ObjectStoreConfiguration.Builder config =
          ObjectStoreConfiguration.builder(bucket)
              .storageType(StorageType.File)
              .description("autoagent incident archives");
      if (!ttl.isZero()) {
        config.ttl(ttl);
      }
      return new ObjectStoreArchiveStore(stores.objectStore(config.build()));
    } catch (IOException e) {
      throw new RetriableException("cannot open object store " + bucket + ": " + e, e);
    } catch (JetStreamApiException e) {
      throw new PermanentException("cannot open object store " + bucket + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void put(String key, byte[] json) {
    put(key, json, null);
  }

  /** The object's header naming the alert its archive belongs to. */
  static final String ALERT_ID_HEADER = "Autoagent-Alert-Id";

  /** The object's header holding the hash of the evidence in its archive. */
  static final String EVIDENCE_HASH_HEADER = "Autoagent-Evidence-Hash";

  @Override
  public void put(String key, byte[] json, String alertId) {
    put(key, json, alertId, null);
  }

  @Override
  public void put(String key, byte[] json, String alertId, String evidenceHash) {
    ObjectMeta.Builder meta = ObjectMeta.builder(key);
    Headers headers = new Headers();
    if (alertId != null) {
      // header values are ASCII without CR/LF; an alert id may be any string
      headers.put(ALERT_ID_HEADER, URLEncoder.encode(alertId, StandardCharsets.UTF_8));
    }
    if (evidenceHash != null) {
      headers.put(EVIDENCE_HASH_HEADER, URLEncoder.encode(evidenceHash, StandardCharsets.UTF_8));
    }
    if (!headers.isEmpty()) {
      meta.headers(headers);
    }
    try {
      store.put(meta.build(), new ByteArrayInputStream(json));
    } catch (IOException | NoSuchAlgorithmException e) {
      throw new RetriableException("cannot archive " + key + ": " + e, e);
    } catch (JetStreamApiException e) {
      throw new RetriableException("cannot archive " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Owner> ownerAt(String key) {
    Optional<ObjectInfo> info;
    try {
      info = info(key);
    } catch (IOException e) {
      throw new RetriableException("cannot read archive " + key + ": " + e, e);
    }
    if (info.isEmpty()) {
      return Optional.empty();
    }
    Headers headers = info.get().getHeaders();
    String alertId = headers == null ? null : headers.getFirst(ALERT_ID_HEADER);
    String hash = headers == null ? null : headers.getFirst(EVIDENCE_HASH_HEADER);
    if (alertId == null) {
      return get(key).map(bundle -> new Owner(ArchiveStore.alertIdIn(bundle), null));
    }
    return Optional.of(
        new Owner(
            URLDecoder.decode(alertId, StandardCharsets.UTF_8),
            hash == null ? null : URLDecoder.decode(hash, StandardCharsets.UTF_8)));
  }

  /** {@link #ownerAt}'s alert id: from the object's info, or the archive read back without it. */
  @Override
  public Optional<String> alertIdAt(String key) {
    return ownerAt(key).map(Owner::alertId);
  }

  /** The object's info; empty when it, or the bucket, is not there (or deleted). */
  private Optional<ObjectInfo> info(String key) throws IOException {
    try {
      ObjectInfo info = store.getInfo(key);
      return info == null || info.isDeleted() ? Optional.empty() : Optional.of(info);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == BUCKET_NOT_FOUND) {
        return Optional.empty();
      }
      throw new RetriableException("cannot read archive " + key + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> get(String key) {
    try {
      if (info(key).isEmpty()) {
        return Optional.empty();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      store.get(key, out);
      return Optional.of(out.toByteArray());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == BUCKET_NOT_FOUND) {
        return Optional.empty();
      }
      throw new RetriableException("cannot read archive " + key + ": " + e.getMessage(), e);
    } catch (IOException | InterruptedException | NoSuchAlgorithmException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new RetriableException("cannot read archive " + key + ": " + e, e);
    }
  }
}
