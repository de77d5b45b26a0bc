package io.autoagent.guardian.loop;

import io.autoagent.guardian.signals.WorkloadRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Comparator;
import java.util.List;

/**
 * The workloads the Guardian watches, asked again every cycle so that labelling a Deployment is
 * enough to bring it under watch. May throw the mapped Kubernetes exceptions.
 */
@FunctionalInterface
public interface WorkloadSource {

  List<WorkloadRef> workloads();

  /** A fixed list ({@code MONITORED_SERVICES}). */
  static WorkloadSource fixed(List<WorkloadRef> workloads) {
    List<WorkloadRef> copy = List.copyOf(workloads);
    return () -> copy;
  }

  /** Every Deployment in any namespace carrying {@code label=true}, in a stable order. */
  static WorkloadSource labelled(KubernetesClient client, String label) {
    return () ->
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .withLabel(label, "true")
            .list()
            .getItems()
            .stream()
            // the mock (and some proxies) may ignore selectors: check again in Java
            .filter(
                d ->
                    d.getMetadata().getLabels() != null
                        && "true".equals(d.getMetadata().getLabels().get(label)))
            .map(d -> WorkloadRef.of(d.getMetadata().getNamespace(), d.getMetadata().getName()))
            .sorted(Comparator.comparing(WorkloadRef::toString))
            .toList();
  }
}
