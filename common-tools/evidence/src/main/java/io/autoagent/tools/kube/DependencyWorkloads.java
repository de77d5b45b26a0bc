package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the in-cluster workload behind a dependency the logs name: a host that is a cluster Service
 * name ({@code svc}, {@code svc.ns}, {@code svc.ns.svc}, {@code svc.ns.svc.cluster.local}, with or
 * without port) is looked up among the Services of its namespace (through the same reader as the
 * workload's own Services; another namespace only when it is watched), and the pods its selector
 * selects are summarised. Read only when a dependency host was found, at most {@link #MAX_HOSTS}
 * hosts per analysis; a failed read means "no such evidence".
 */
final class DependencyWorkloads {

  private static final Logger log = LoggerFactory.getLogger(DependencyWorkloads.class);

  /** Dependency hosts looked up per analysis. */
  static final int MAX_HOSTS = 3;

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private DependencyWorkloads() {}

  /** A cluster Service name: namespace and name, or empty when the host is not one. */
  record ServiceName(String namespace, String name) {}

  /**
   * The Service a host names, {@code namespace} standing for the workload's own namespace when the
   * host is a bare name; empty for IP addresses and names outside the cluster domain.
   */
  static Optional<ServiceName> serviceName(String host, String namespace) {
    if (host == null || host.isBlank()) {
      return Optional.empty();
    }
    String h = host.toLowerCase(Locale.ROOT);
    int colon = h.lastIndexOf(':');
    if (colon > 0) {
      h = h.substring(0, colon);
    }
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    String[] parts = h.split("\\.", -1);
    for (String part : parts) {
      if (!LABEL.matcher(part).matches()) {
        return Optional.empty();
      }
    }
    if (Character.isDigit(parts[0].charAt(0))) {
      return Optional.empty();
    }
    return switch (parts.length) {
      case 1 -> Optional.of(new ServiceName(namespace, parts[0]));
      case 2 -> Optional.of(new ServiceName(parts[1], parts[0]));
      case 3 ->
          parts[2].equals("svc")
              ? Optional.of(new ServiceName(parts[1], parts[0]))
              : Optional.empty();
      case 5 ->
          parts[2].equals("svc") && parts[3].equals("cluster") && parts[4].equals("local")
              ? Optional.of(new ServiceName(parts[1], parts[0]))
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  /**
   * The dependency workloads of these hosts whose Service exists; hosts naming no Service, a
   * namespace other than the workload's that {@code watched} refuses, or one that cannot be read,
   * are left out.
   */
  static List<LiveEvidence.DependencyWorkload> read(
      ClusterReader reader,
      String namespace,
      Collection<String> hosts,
      java.util.function.Predicate<String> watched) {
    List<LiveEvidence.DependencyWorkload> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (String host : hosts) {
      Optional<ServiceName> name = serviceName(host, namespace);
      if (name.isEmpty()
          || seen.size() >= MAX_HOSTS
          || !(name.get().namespace().equals(namespace) || watched.test(name.get().namespace()))) {
        continue;
      }
      if (!seen.add(name.get().namespace() + "/" + name.get().name())) {
        continue;
      }
      try {
        Optional<Service> svc =
            reader.services(name.get().namespace()).stream()
                .filter(s -> name.get().name().equals(s.getMetadata().getName()))
                .findFirst();
        if (svc.isEmpty()) {
          continue;
        }
        Map<String, String> selector =
            svc.get().getSpec() == null ? null : svc.get().getSpec().getSelector();
        List<Pod> pods =
            selector == null || selector.isEmpty()
                ? List.of()
                : reader.podsSelected(name.get().namespace(), selector);
        out.add(
            new LiveEvidence.DependencyWorkload(
                host,
                name.get().namespace(),
                name.get().name(),
                selector != null && !selector.isEmpty(),
                pods.size(),
                (int) pods.stream().filter(LiveEvidenceReader::ready).count(),
                state(pods)));
      } catch (RuntimeException e) {
        // an unwatched namespace (not cached) or one the agent may not read
        log.debug(
            "Dependency {} not looked up in namespace {}: {}",
            host,
            name.get().namespace(),
            e.toString());
      }
    }
    return out;
  }

  /**
   * Why the pods are not Ready, as short reasons: {@code Pending, 0/1 nodes are available: ...},
   * {@code CrashLoopBackOff}, {@code Running, not Ready}; distinct, at most three.
   */
  static String state(List<Pod> pods) {
    if (pods.isEmpty()) {
      return "no pod (scaled to 0 or none created)";
    }
    Set<String> reasons = new LinkedHashSet<>();
    for (Pod pod : pods) {
      if (LiveEvidenceReader.ready(pod)) {
        continue;
      }
      String phase =
          pod.getStatus() == null || pod.getStatus().getPhase() == null
              ? "Unknown"
              : pod.getStatus().getPhase();
      String waiting =
          Kube.statuses(pod).stream()
              .map(Kube::waitingReason)
              .filter(r -> r != null && !r.isEmpty())
              .findFirst()
              .orElse(null);
      String unscheduled =
          pod.getStatus() == null || pod.getStatus().getConditions() == null
              ? null
              : pod.getStatus().getConditions().stream()
                  .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                  .map(PodCondition::getMessage)
                  .filter(m -> m != null && !m.isBlank())
                  .findFirst()
                  .orElse(null);
      reasons.add(
          waiting != null
              ? waiting
              : unscheduled != null
                  ? phase + ", " + unscheduled.strip()
                  : phase + ("Running".equals(phase) ? ", not Ready" : ""));
    }
    return String.join("; ", reasons.stream().limit(3).toList());
  }
}
