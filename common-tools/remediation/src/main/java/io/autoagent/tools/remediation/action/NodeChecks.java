package io.autoagent.tools.remediation.action;

import io.autoagent.tools.remediation.CheckOutcome;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** Node checks: existence, readiness, schedulability and room for a drain. */
final class NodeChecks {

  private static final List<String> PRESSURE =
      List.of("MemoryPressure", "DiskPressure", "PIDPressure");

  private NodeChecks() {}

  /** A check on the node named by the {@code node} argument; a missing node fails it. */
  @FunctionalInterface
  interface OnNode {
    CheckOutcome evaluate(String check, ActionContext ctx, Node node);
  }

  static RegisteredCheck.Evaluation onNode(OnNode check) {
    return (name, ctx, a) -> {
      String nodeName = a.string("node");
      Node node = ctx.client().nodes().withName(nodeName).get();
      return node == null
          ? CheckOutcome.fails(name, "Node " + nodeName + " does not exist")
          : check.evaluate(name, ctx, node);
    };
  }

  static CheckOutcome exists(String check, ActionContext ctx, Node node) {
    return CheckOutcome.holds(check, "Node " + node.getMetadata().getName() + " exists");
  }

  static CheckOutcome readyWithoutPressure(String check, ActionContext ctx, Node node) {
    return ready(node) && PRESSURE.stream().noneMatch(p -> condition(node, p))
        ? CheckOutcome.holds(check, "Ready without pressure")
        : CheckOutcome.fails(check, "not Ready or under pressure");
  }

  static CheckOutcome schedulable(String check, ActionContext ctx, Node node) {
    return Boolean.TRUE.equals(node.getSpec().getUnschedulable())
        ? CheckOutcome.fails(check, "Node " + node.getMetadata().getName() + " is cordoned")
        : CheckOutcome.holds(check, "schedulable");
  }

  private static boolean ready(Node n) {
    return condition(n, "Ready");
  }

  private static boolean condition(Node n, String type) {
    return n.getStatus() != null
        && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream()
            .anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * Whether the other Ready, schedulable nodes have the CPU and memory the node's movable pods
   * request.
   */
  static CheckOutcome capacity(String check, ActionContext ctx, Node node) {
    List<Pod> pods = ctx.client().pods().inAnyNamespace().list().getItems();
    String name = node.getMetadata().getName();
    BigDecimal[] needed =
        requests(
            pods.stream()
                .filter(p -> name.equals(nodeOf(p)) && !NodeActions.isDaemonSetPod(p))
                .toList());
    BigDecimal[] free = {BigDecimal.ZERO, BigDecimal.ZERO};
    for (Node other : ctx.client().nodes().list().getItems()) {
      if (other.getMetadata().getName().equals(name)
          || !ready(other)
          || Boolean.TRUE.equals(other.getSpec().getUnschedulable())) {
        continue;
      }
      Map<String, Quantity> alloc =
          other.getStatus() == null ? null : other.getStatus().getAllocatable();
      if (alloc == null) {
        continue;
      }
      BigDecimal[] used =
          requests(
              pods.stream().filter(p -> other.getMetadata().getName().equals(nodeOf(p))).toList());
      free[0] = free[0].add(amount(alloc.get("cpu"))).subtract(used[0]);
      free[1] = free[1].add(amount(alloc.get("memory"))).subtract(used[1]);
    }
    String detail =
        "movable pods request cpu "
            + needed[0]
            + ", memory "
            + needed[1]
            + " bytes; other nodes have cpu "
            + free[0]
            + ", memory "
            + free[1]
            + " bytes free";
    return free[0].compareTo(needed[0]) >= 0 && free[1].compareTo(needed[1]) >= 0
        ? CheckOutcome.holds(check, detail)
        : CheckOutcome.fails(check, detail);
  }

  private static String nodeOf(Pod p) {
    return p.getSpec() == null ? null : p.getSpec().getNodeName();
  }

  private static BigDecimal[] requests(List<Pod> pods) {
    BigDecimal cpu = BigDecimal.ZERO;
    BigDecimal mem = BigDecimal.ZERO;
    for (Pod p : pods) {
      for (var c : p.getSpec().getContainers()) {
        Map<String, Quantity> r = c.getResources() == null ? null : c.getResources().getRequests();
        if (r != null) {
          cpu = cpu.add(amount(r.get("cpu")));
          mem = mem.add(amount(r.get("memory")));
        }
      }
    }
    return new BigDecimal[] {cpu, mem};
  }

  private static BigDecimal amount(Quantity q) {
    return q == null ? BigDecimal.ZERO : Quantity.getAmountInBytes(q);
  }
}
