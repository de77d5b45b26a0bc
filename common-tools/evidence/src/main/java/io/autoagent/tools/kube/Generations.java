package io.autoagent.tools.kube;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many changes the informers have taken, per namespace and for cluster-scoped objects (nodes).
 * Each change is counted when the item store takes it and again when the informer's handler runs,
 * which fabric8 does only once the change is indexed too: an analysis whose token was read before
 * either count is not reused after it. One counter per namespace ever seen. Thread-safe.
 */
final class Generations {

  /** The counts one namespace's analyses depend on. */
  record State(String namespace, long namespaceChanges, long clusterChanges) {}

  private final ConcurrentHashMap<String, AtomicLong> byNamespace = new ConcurrentHashMap<>();
  private final AtomicLong cluster = new AtomicLong();

  /** One change to an object of {@code namespace}; null or empty for a cluster-scoped object. */
  void changed(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      cluster.incrementAndGet();
    } else {
      byNamespace.computeIfAbsent(namespace, n -> new AtomicLong()).incrementAndGet();
    }
  }

  State of(String namespace) {
    AtomicLong changes = byNamespace.get(namespace);
    return new State(namespace, changes == null ? 0 : changes.get(), cluster.get());
  }
}
