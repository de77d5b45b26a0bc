package io.autoagent.tools.remediation.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.RetriableException;
import io.autoagent.core.messaging.JetStreamStores;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.StorageType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * {@link ExecutionStore} in a JetStream key-value bucket ({@code runbook-executions} by default),
 * shared by every replica. Keys: {@code exec.<id>}, {@code lock.<namespace>.<workload>}, {@code
 * rate.<namespace>.<workload>}; every write of an existing key is compare-and-set on its revision.
 * Entries expire after {@link #MAX_AGE}.
 */
public final class KvExecutionStore implements ExecutionStore {

  /** How long executions are remembered: beyond any redelivery or approval delay. */
  public static final Duration MAX_AGE = Duration.ofDays(7);

  private static final int WRONG_LAST_SEQUENCE = 10071;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_=-]{1,200}");
  private static final int CAS_ATTEMPTS = 10;

  private final KeyValue kv;
  private final ObjectMapper mapper;

  record LockValue(String executionId, Instant since) {}

  record RateValue(List<Instant> starts) {}

  private KvExecutionStore(KeyValue kv, ObjectMapper mapper) {
    this.kv = kv;
    this.mapper = mapper;
  }

  /** Opens the bucket, creating it (one replica) when missing (never changing an existing one). */
  public static KvExecutionStore open(Connection connection, String bucket, ObjectMapper mapper) {
    return open(JetStreamStores.of(connection), bucket, mapper);
  }

  /**
   * Opens the bucket, creating it with the stores' replica count when missing (never changing an
   * existing one).
   */
  public static KvExecutionStore open(JetStreamStores stores, String bucket, ObjectMapper mapper) {
    try {
      return new KvExecutionStore(
          stores.keyValue(
              KeyValueConfiguration.builder()
                  .name(bucket)
                  .maxHistoryPerKey(1)
                  .ttl(MAX_AGE)
                  .storageType(StorageType.File)
                  .build()),
          mapper);
    } catch (IOException | JetStreamApiException e) {
      throw new RetriableException("cannot open key-value bucket " + bucket, e);
    }
  }

  /** The key of an execution id; ids with other characters are hashed. */
  static String execKey(String executionId) {
    if (SAFE.matcher(executionId).matches()) {
      return "exec." + executionId;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(executionId.getBytes(StandardCharsets.UTF_8));
      return "exec.h-" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String targetKey(String prefix, String target) {
    return prefix + "." + target.replace('/', '.').replaceAll("[^A-Za-z0-9_=.-]", "_");
  }

  @Override
  public Optional<Stored> get(String executionId) {
    return call(
        () -> {
          KeyValueEntry e = kv.get(execKey(executionId));
          if (e == null || e.getValue() == null) {
            return Optional.empty();
          }
          return Optional.of(
              new Stored(mapper.readValue(e.getValue(), ExecutionRecord.class), e.getRevision()));
        });
  }

  @Override
  public OptionalLong create(ExecutionRecord record) {
    return call(
        () -> {
          try {
            return OptionalLong.of(
                kv.create(execKey(record.executionId()), mapper.writeValueAsBytes(record)));
          } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
              return OptionalLong.empty();
            }
            throw e;
          }
        });
  }

  @Override
  public long update(ExecutionRecord record, long revision) {
    return call(
        () -> {
          try {
            return kv.update(
                execKey(record.executionId()), mapper.writeValueAsBytes(record), revision);
          } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
              throw new ConcurrentUpdateException(
                  "execution " + record.executionId() + " changed since revision " + revision);
            }
            throw e;
          }
        });
  }

  @Override
  public Optional<String> lock(
      String target, String executionId, Instant now, Duration staleAfter) {
    String key = targetKey("lock", target);
    return call(
        () -> {
          for (int i = 0; i < CAS_ATTEMPTS; i++) {
            KeyValueEntry e = kv.get(key);
            byte[] mine = mapper.writeValueAsBytes(new LockValue(executionId, now));
            try {
              if (e == null || e.getValue() == null) {
                kv.create(key, mine);
                return Optional.<String>empty();
              }
              LockValue held = mapper.readValue(e.getValue(), LockValue.class);
              if (!held.executionId().equals(executionId)
                  && held.since().plus(staleAfter).isAfter(now)) {
                return Optional.of(held.executionId());
              }
              kv.update(key, mine, e.getRevision());
              return Optional.<String>empty();
            } catch (JetStreamApiException ex) {
              if (ex.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                throw ex;
              }
            }
          }
          throw new RetriableException("lock of " + target + " keeps changing");
        });
  }

  @Override
  public void unlock(String target, String executionId) {
    String key = targetKey("lock", target);
    call(
        () -> {
          KeyValueEntry e = kv.get(key);
          if (e != null
              && e.getValue() != null
              && mapper
                  .readValue(e.getValue(), LockValue.class)
                  .executionId()
                  .equals(executionId)) {
            try {
              kv.delete(key, e.getRevision());
            } catch (JetStreamApiException ex) {
              if (ex.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                throw ex;
              }
            }
          }
          return null;
        });
  }

  @Override
  public boolean admit(String target, Instant now, Duration window, int limit) {
    String key = targetKey("rate", target);
    return call(
        () -> {
          for (int i = 0; i < CAS_ATTEMPTS; i++) {
            KeyValueEntry e = kv.get(key);
            List<Instant> starts = new ArrayList<>();
            if (e != null && e.getValue() != null) {
              starts.addAll(mapper.readValue(e.getValue(), RateValue.class).starts());
            }
            starts.removeIf(t -> !t.isAfter(now.minus(window)));
            if (starts.size() >= limit) {
              return false;
            }
            starts.add(now);
            byte[] value = mapper.writeValueAsBytes(new RateValue(starts));
            try {
              if (e == null || e.getValue() == null) {
                kv.create(key, value);
              } else {
                kv.update(key, value, e.getRevision());
              }
              return true;
            } catch (JetStreamApiException ex) {
              if (ex.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                throw ex;
              }
            }
          }
          throw new RetriableException("rate window of " + target + " keeps changing");
        });
  }

  @Override
  public void release(String target, Instant start) {
    String key = targetKey("rate", target);
    call(
        () -> {
          for (int i = 0; i < CAS_ATTEMPTS; i++) {
            KeyValueEntry e = kv.get(key);
            if (e == null || e.getValue() == null) {
              return null;
            }
            List<Instant> starts =
                new ArrayList<>(mapper.readValue(e.getValue(), RateValue.class).starts());
            if (!starts.remove(start)) {
              return null;
            }
            try {
              kv.update(key, mapper.writeValueAsBytes(new RateValue(starts)), e.getRevision());
              return null;
            } catch (JetStreamApiException ex) {
              if (ex.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                throw ex;
              }
            }
          }
          throw new RetriableException("rate window of " + target + " keeps changing");
        });
  }

  private interface KvCall<T> {
    T run() throws IOException, JetStreamApiException;
  }

  private static <T> T call(KvCall<T> c) {
    try {
      return c.run();
    } catch (IOException | JetStreamApiException | IllegalStateException e) {
      throw new RetriableException("key-value store unavailable: " + e.getMessage(), e);
    }
  }
}
