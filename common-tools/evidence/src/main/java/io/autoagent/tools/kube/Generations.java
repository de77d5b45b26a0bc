package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many changes the informers have taken, per namespace and for cluster-scoped objects (nodes).
 * Each change is counted when the item store takes it and again when the informer's handler runs,
 * which fabric8 does only once the change is indexed too: an analysis whose token was read before
 * either count is not reused after it. A node's update counts only when it changes what an analysis
 * reads of it ({@link #matters}), not for its periodic status reports. One counter per namespace
 * ever seen. Thread-safe.
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

  /**
   * Whether {@code object} replacing {@code previous} (null when new) is a change an analysis can
   * see: always, but for a node whose labels, taints, schedulability, condition statuses (type,
   * status, reason, message), capacity and allocatable resources are all as before (its kubelet's
   * periodic report: heartbeat times, images, volumes in use).
   */
  static boolean matters(Object previous, Object object) {
    if (previous instanceof Node before && object instanceof Node after) {
      return !NodeView.of(before).equals(NodeView.of(after));
    }
    return true;
  }

  /** What the detectors read of a node. */
  private record NodeView(
      Map<String, String> labels,
      List<Taint> taints,
      Boolean unschedulable,
      List<List<String>> conditions,
      Map<String, Quantity> capacity,
      Map<String, Quantity> allocatable) {

    static NodeView of(Node node) {
      var spec = node.getSpec();
      var status = node.getStatus();
      List<List<String>> conditions =
          status == null || status.getConditions() == null
              ? List.of()
              : status.getConditions().stream().map(NodeView::condition).toList();
      return new NodeView(
          node.getMetadata() == null ? null : node.getMetadata().getLabels(),
          spec == null ? null : spec.getTaints(),
          spec == null ? null : spec.getUnschedulable(),
          conditions,
          status == null ? null : status.getCapacity(),
          status == null ? null : status.getAllocatable());
    }

    private static List<String> condition(NodeCondition c) {
      return java.util.Arrays.asList(c.getType(), c.getStatus(), c.getReason(), c.getMessage());
    }
  }
}
