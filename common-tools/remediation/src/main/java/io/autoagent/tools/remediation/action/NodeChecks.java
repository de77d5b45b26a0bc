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

  private static final List<String> PRESSURE = List.of("MemoryPressure", "DiskPressure", "PIDPressure");

  private NodeChecks() {}

  static CheckOutcome evaluate(String check, ActionContext ctx, Args a) {
    String name = a.string("node");
    Node node = ctx.client().nodes().withName(name).get();
    if (node == null) {
      return CheckOutcome.fails(check, "Node " + name + " does not exist");
    }
    return switch (check) {
      case "node_exists" -> CheckOutcome.holds(check, "Node " + name + " exists");
      case "node_ready" -> ready(node) && PRESSURE.stream().noneMatch(p -> condition(node, p))
          ? CheckOutcome.holds(check, "Ready without pressure") : CheckOutcome.fails(check, "not Ready or under pressure");
      case "node_schedulable" -> Boolean.TRUE.equals(node.getSpec().getUnschedulable())
          ? CheckOutcome.fails(check, "Node " + name + " is cordoned") : CheckOutcome.holds(check, "schedulable");
      default -> capacity(check, ctx, node);
    };
  }

  private static boolean ready(Node n) {
    return condition(n, "Ready");
  }

  private static boolean condition(Node n, String type) {
    return n.getStatus() != null && n.getStatus().getConditions() != null
        && n.getStatus().getConditions().stream().anyMatch(c -> type.equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Whether the other Ready, schedulable nodes have the CPU and memory the node's movable pods request. */
  private static CheckOutcome capacity(String check, ActionContext ctx, Node node) {
    List<Pod> pods = ctx.client().pods().inAnyNamespace().list().getItems();
    String name = node.getMetadata().getName();
    BigDecimal[] needed = requests(pods.stream().filter(p -> name.equals(nodeOf(p)) && !NodeActions.isDaemonSetPod(p)).toList());
    BigDecimal[] free = {BigDecimal.ZERO, BigDecimal.ZERO};
    for (Node other : ctx.client().nodes().list().getItems()) {
      if (other.getMetadata().getName().equals(name) || !ready(other) || Boolean.TRUE.equals(other.getSpec().getUnschedulable())) {
        continue;
      }
      Map<String, Quantity> alloc = other.getStatus() == null ? null : other.getStatus().getAllocatable();
      if (alloc == null) {
        continue;
      }
      BigDecimal[] used = requests(pods.stream().filter(p -> other.getMetadata().getName().equals(nodeOf(p))).toList());
      free[0] = free[0].add(amount(alloc.get("cpu"))).subtract(used[0]);
      free[1] = free[1].add(amount(alloc.get("memory"))).subtract(used[1]);
    }
    String detail = "movable pods request cpu " + needed[0] + ", memory " + needed[1] + " bytes; other nodes have cpu "
        + free[0] + ", memory " + free[1] + " bytes free";
    return free[0].compareTo(needed[0]) >= 0 && free[1].compareTo(needed[1]) >= 0
        ? CheckOutcome.holds(check, detail) : CheckOutcome.fails(check, detail);
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
