package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster DNS is down and the workload's lookups fail because of it, a {@link Category#NETWORK}
 * cause: the CoreDNS / kube-dns Deployment in {@code kube-system} (label {@code k8s-app=kube-dns})
 * has no ready pod or crash-looping pods, and a log of the workload shows a failed name lookup (the
 * patterns of {@link DnsFailureDetector}). Restarting the workload cannot help (attribute {@code
 * restart_unsafe=true}); the DNS pods need looking at.
 *
 * <p>A broken cluster DNS without lookup errors in the workload's logs is not blamed (the cluster
 * DNS is then read only when some log shows a lookup failure, see {@link NetworkCollector}), and
 * lookup errors while the DNS is healthy stay {@link DnsFailureDetector}'s (a name that does not
 * exist). One finding per pod log with lookup failures, about that pod.
 */
final class ClusterDnsDetector implements FailureDetector {

  static final String ATTR_DNS = "cluster_dns";

  private final DnsFailureDetector lookups;

  /** Scanning with a memo of its own, sized for the default log bytes. */
  ClusterDnsDetector() {
    this(LogSignals.defaults());
  }

  ClusterDnsDetector(LogSignals signals) {
    this.lookups = new DnsFailureDetector(signals);
  }

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    NetworkSnapshot.ClusterDns dns = snapshot.network().clusterDns();
    if (dns == null || dns.deployments().isEmpty()) {
      return List.of();
    }
    long ready = dns.pods().stream().filter(ClusterDnsDetector::ready).count();
    List<String> crashing =
        dns.pods().stream()
            .filter(p -> Kube.statuses(p).stream().anyMatch(ClusterDnsDetector::crashLooping))
            .map(p -> p.getMetadata().getName())
            .toList();
    if (ready > 0 && crashing.isEmpty()) {
      return List.of();
    }
    String names =
        String.join(
            ", ",
            dns.deployments().stream()
                .map(d -> NetworkReads.DNS_NAMESPACE + "/" + d.getMetadata().getName())
                .toList());
    String state =
        ready
            + " of "
            + dns.pods().size()
            + " DNS pod(s) ready"
            + (crashing.isEmpty() ? "" : ", crash-looping: " + String.join(", ", crashing));
    List<String> dnsEvidence = new ArrayList<>();
    for (Deployment d : dns.deployments()) {
      dnsEvidence.add(
          "Deployment "
              + NetworkReads.DNS_NAMESPACE
              + "/"
              + d.getMetadata().getName()
              + ": readyReplicas="
              + (d.getStatus() == null ? null : Kube.orDash(d.getStatus().getReadyReplicas()))
              + " of "
              + Kube.orDash(d.getSpec() == null ? null : d.getSpec().getReplicas()));
    }
    dnsEvidence.add("cluster DNS pods: " + state);
    return lookups.hits(snapshot).stream()
        .map(
            hit -> {
              Finding f =
                  LogSignals.finding(
                      snapshot,
                      Category.NETWORK,
                      hit,
                      "Container "
                          + hit.container()
                          + " of pod "
                          + hit.pod()
                          + " cannot resolve names because the cluster DNS ("
                          + names
                          + ") is down: "
                          + state
                          + ". Restarting the workload will not help; the DNS pods need attention.",
                      ATTR_DNS,
                      names,
                      ServiceDetector.ATTR_PROBLEM,
                      "cluster_dns_down",
                      CrashLoopDetector.ATTR_RESTART_UNSAFE,
                      "true");
              List<String> evidence = new ArrayList<>(dnsEvidence);
              evidence.addAll(f.evidence());
              return new Finding(
                  f.category(),
                  ready == 0 ? Severity.HIGH : Severity.MEDIUM,
                  f.resource(),
                  f.message(),
                  evidence,
                  f.attributes());
            })
        .toList();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean crashLooping(ContainerStatus status) {
    return CrashLoopDetector.CRASH_LOOP_BACK_OFF.equals(Kube.waitingReason(status));
  }
}
