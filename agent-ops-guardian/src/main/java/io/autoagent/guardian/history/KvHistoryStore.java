package io.autoagent.guardian.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.JetStreamStores;
import io.autoagent.guardian.decision.Damper;
import io.autoagent.guardian.signals.WorkloadHistory;
import io.autoagent.guardian.signals.WorkloadRef;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Histories in a JetStream key-value bucket (one value per workload, key {@code namespace.name}
 * reduced to KV key characters), created when missing. The bucket is opened on first use, so the
 * Guardian starts while NATS is still unreachable; failures are logged and the cycle goes on.
 */
public final class KvHistoryStore implements HistoryStore {

  private static final Logger log = LoggerFactory.getLogger(KvHistoryStore.class);

  private final JetStreamStores stores;
  private final String bucket;
  private final ObjectMapper mapper;
  private volatile KeyValue kv;

  public KvHistoryStore(Connection connection, String bucket, ObjectMapper mapper) {
    this(JetStreamStores.of(Objects.requireNonNull(connection, "connection")), bucket, mapper);
  }

  /**
   * Creates the bucket, when missing, with the stores' replica count (in their JetStream domain).
   */
  public KvHistoryStore(JetStreamStores stores, String bucket, ObjectMapper mapper) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** {@code namespace.name}, with any character KV keys do not allow replaced by {@code _}. */
  public static String key(WorkloadRef workload) {
    return (workload.namespace() + "." + workload.name()).replaceAll("[^A-Za-z0-9_=/.-]", "_");
  }

  @Override
  public Optional<WorkloadHistory.Snapshot> load(WorkloadRef workload) {
    try {
      KeyValueEntry entry = bucket().get(key(workload));
      if (entry == null || entry.getValue() == null) {
        return Optional.empty();
      }
      WorkloadHistory.Snapshot snapshot =
          mapper.readValue(entry.getValue(), WorkloadHistory.Snapshot.class);
      if (!snapshot.workload().equals(workload)) {
        log.warn("History under {} belongs to {}; ignored", key(workload), snapshot.workload());
        return Optional.empty();
      }
      return Optional.of(snapshot);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.warn("Could not load the history of {} from {}: {}", workload, bucket, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void save(WorkloadHistory.Snapshot snapshot) {
    try {
      bucket().put(key(snapshot.workload()), Json.bytes(mapper, snapshot));
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.warn(
          "Could not save the history of {} to {}: {}", snapshot.workload(), bucket, e.toString());
    }
  }

  /**
   * The key of a workload's damper memory: its history key plus {@code =damper} ({@code =} never
   * occurs in Kubernetes names, so no workload's history key can collide with it).
   */
  public static String damperKey(WorkloadRef workload) {
    return key(workload) + "=damper";
  }

  @Override
  public Optional<Damper.State> loadDamper(WorkloadRef workload) {
    try {
      KeyValueEntry entry = bucket().get(damperKey(workload));
      if (entry == null || entry.getValue() == null) {
        return Optional.empty();
      }
      return Optional.of(mapper.readValue(entry.getValue(), Damper.State.class));
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.warn("Could not load the damper state of {} from {}: {}", workload, bucket, e.toString());
      return Optional.empty();
    }
  }

  @Override
  public void saveDamper(WorkloadRef workload, Damper.State state) {
    try {
      bucket().put(damperKey(workload), Json.bytes(mapper, state));
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      log.warn("Could not save the damper state of {} to {}: {}", workload, bucket, e.toString());
    }
  }

  private KeyValue bucket() throws IOException, JetStreamApiException {
    KeyValue current = kv;
    if (current != null) {
      return current;
    }
    synchronized (this) {
      if (kv == null) {
        kv =
            stores.keyValue(
                KeyValueConfiguration.builder()
                    .name(bucket)
                    .description("Ops Guardian workload histories")
                    .maxHistoryPerKey(1)
                    .storageType(StorageType.File)
                    .build());
      }
      return kv;
    }
  }
}
