package io.autoagent.tools.kube;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many changes the informers' stores have taken, per namespace and for cluster-scoped objects
 * (nodes). A store counts a change after it holds the new object, so a reader that sees a count has
 * the objects of at least that count. Thread-safe.
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
