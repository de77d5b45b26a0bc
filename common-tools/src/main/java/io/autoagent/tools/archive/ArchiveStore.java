package io.autoagent.tools.archive;

import java.util.Optional;

/**
 * Where incident archives are kept, by key ({@code <namespace>/<workload>/<reason>/<yyyy-mm-dd>/<pod>.json},
 * chosen by {@link IncidentArchiver}). Retention is the store's business: the object store's TTL
 * for {@link ObjectStoreArchiveStore} (the default), a bucket lifecycle rule for {@link
 * S3ArchiveStore}.
 *
 * @throws io.autoagent.core.RetriableException from both methods when the store is unreachable
 * @throws io.autoagent.core.PermanentException from both methods when retrying cannot help (S3:
 *     access denied, no such bucket)
 */
public interface ArchiveStore {

  /** Stores (or replaces) one archive. */
  void put(String key, byte[] json);

  /** The archive at {@code key}, or empty. */
  Optional<byte[]> get(String key);
}
