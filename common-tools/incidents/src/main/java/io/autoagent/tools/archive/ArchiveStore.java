package io.autoagent.tools.archive;

import io.autoagent.core.json.Json;
import java.util.Optional;

/**
 * Where incident archives are kept, by key ({@code
 * <namespace>/<workload>/<reason>/<yyyy-mm-dd>/<pod>.json}, chosen by {@link IncidentArchiver}).
 * Retention is the store's business: the object store's TTL for {@link ObjectStoreArchiveStore}
 * (the default), a bucket lifecycle rule for {@link S3ArchiveStore}.
 *
 * @throws io.autoagent.core.RetriableException from both methods when the store is unreachable
 * @throws io.autoagent.core.PermanentException from both methods when retrying cannot help (S3:
 *     access denied, no such bucket)
 */
public interface ArchiveStore {

  /** Stores (or replaces) one archive. */
  void put(String key, byte[] json);

  /**
   * Stores (or replaces) one archive and records which alert it belongs to beside it, so that
   * {@link #alertIdAt} need not read the archive back. Stores without metadata store the bytes
   * only.
   */
  default void put(String key, byte[] json, String alertId) {
    put(key, json);
  }

  /**
   * Stores (or replaces) one archive with its alert and the hash of the evidence it holds beside it
   * ({@link IncidentArchiver#evidenceHash}), so that a storm repeating the evidence is recognised
   * from {@link #ownerAt} after a restart. Stores without metadata store the bytes and alert only.
   */
  default void put(String key, byte[] json, String alertId, String evidenceHash) {
    put(key, json, alertId);
  }

  /** Whose archive is at a key, and the hash of its evidence (null when the store keeps none). */
  record Owner(String alertId, String evidenceHash) {}

  /**
   * The owner of the archive at {@code key}, empty when there is none; the default knows the alert
   * only.
   */
  default Optional<Owner> ownerAt(String key) {
    return alertIdAt(key).map(alertId -> new Owner(alertId, null));
  }

  /**
   * The alert whose archive is at {@code key}, empty when there is none ({@code ""} when it cannot
   * be told). The default reads the archive itself; stores with object metadata read only that.
   */
  default Optional<String> alertIdAt(String key) {
    return get(key).map(ArchiveStore::alertIdIn);
  }

  /** The alert id inside an archived bundle ({@code ""} when unreadable). */
  static String alertIdIn(byte[] bundle) {
    try {
      return Json.newMapper().readTree(bundle).path("alert").path("alert_id").asText("");
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** The archive at {@code key}, or empty. */
  Optional<byte[]> get(String key);
}
