package io.autoagent.tools.archive;

import java.util.Optional;

/**
 * Where incident archives are kept, by key ({@code <namespace>/<workload>/<reason>/<yyyy-mm-dd>/<alert_id>.json}).
 * Retention is the store's business (object-store TTL; an S3 implementation would use a bucket
 * lifecycle rule). {@link ObjectStoreArchiveStore} is the default; an S3 (AWS SDK v2) adapter can
 * implement this interface without other changes.
 *
 * @throws io.autoagent.core.RetriableException from both methods when the store is unreachable
 */
public interface ArchiveStore {

  /** Stores (or replaces) one archive. */
  void put(String key, byte[] json);

  /** The archive at {@code key}, or empty. */
  Optional<byte[]> get(String key);
}
