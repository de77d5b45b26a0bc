package io.autoagent.tools.kube;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many changes the informers have delivered, per namespace and for cluster-scoped objects
 * (nodes). Counted by the informers' event handlers, which fabric8 runs only after the change is
 * stored and indexed: a count is never newer than the cache it describes, so a reader that sees a
 * count reads at least the objects it counts. One counter per namespace ever seen. Thread-safe.
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
