package io.autoagent.tools.runbook;

import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.messaging.JetStreamStores;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.StorageType;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the runbook KV bucket: existing entries first, then every put, delete and purge. Each
 * entry is handed to the library's worker thread in arrival order, so the watcher's dispatcher
 * thread never validates or blocks.
 */
final class KvWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KvWatch.class);
  private static final int HISTORY = 10;

  private final CountDownLatch initialLoad = new CountDownLatch(1);
  private NatsKeyValueWatchSubscription subscription;

  private KvWatch() {}

  static KvWatch start(JetStreamStores stores, String bucket, RunbookLibrary library) {
    KvWatch w = new KvWatch();
    try {
      KeyValue kv =
          stores.keyValue(
              KeyValueConfiguration.builder()
                  .name(bucket)
                  .description(
                      "Runbooks of the infrastructure agent; key = runbook id, value = YAML")
                  .maxHistoryPerKey(HISTORY)
                  .storageType(StorageType.File)
                  .build());
      w.subscription = kv.watchAll(w.watcher(library));
      return w;
    } catch (IOException e) {
      throw new RetriableException("cannot watch KV bucket " + bucket + ": " + e.getMessage(), e);
    } catch (JetStreamApiException e) {
      throw new PermanentException("cannot watch KV bucket " + bucket + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetriableException("interrupted while watching KV bucket " + bucket, e);
    }
  }

  private KeyValueWatcher watcher(RunbookLibrary library) {
    return new KeyValueWatcher() {
      @Override
      public void watch(KeyValueEntry e) {
        String key = e.getKey();
        long rev = e.getRevision();
        if (e.getOperation() == KeyValueOperation.PUT) {
          String value =
              e.getValue() == null ? "" : new String(e.getValue(), StandardCharsets.UTF_8);
          library.submit(() -> library.apply(library.sources().put(key, rev, value)));
        } else {
          library.submit(() -> library.apply(library.sources().delete(key, rev)));
        }
      }

      @Override
      public void endOfData() {
        library.submit(initialLoad::countDown);
      }
    };
  }

  boolean awaitInitialLoad(Duration timeout) {
    try {
      return initialLoad.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    if (subscription != null) {
      try {
        subscription.unsubscribe();
      } catch (RuntimeException e) {
        log.debug("Unsubscribing the runbook KV watch failed", e);
      }
    }
  }
}
