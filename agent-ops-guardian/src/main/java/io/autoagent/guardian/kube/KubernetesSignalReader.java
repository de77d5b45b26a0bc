package io.autoagent.guardian.kube;

import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.guardian.signals.AppSignals;
import io.autoagent.guardian.signals.Incident;
import io.autoagent.guardian.signals.WorkloadRef;
import io.autoagent.guardian.signals.WorkloadSample;
import io.autoagent.guardian.signals.WorkloadStatus;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a Deployment's replicas, its pods' CPU and memory use (metrics.k8s.io) against their
 * requests, pod failures, rollout state and any HPA targeting it.
 *
 * <p>Utilisation counts only pods that have both metrics and requests. When metrics.k8s.io has
 * nothing for the workload the read fails as retriable: guessing zero would look like idle pods and
 * invite a scale-down.
 *
 * @throws RetriableException (from {@link #read}) on API timeouts, 429, 5xx or missing metrics
 * @throws PermanentException (from {@link #read}) when the Deployment does not exist or access is
 *     denied
 */
public final class KubernetesSignalReader {

  private final KubernetesClient client;
  private final Clock clock;

  public KubernetesSignalReader(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public KubeReading read(WorkloadRef ref) {
    try {
      return readUnmapped(ref);
    } catch (KubernetesClientException e) {
      throw KubeErrors.map("reading " + ref, e);
    }
  }

  private KubeReading readUnmapped(WorkloadRef ref) {
    Deployment deployment =
        client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get();
    if (deployment == null) {
      throw new PermanentException("deployment " + ref + " not found");
    }
    Map<String, String> selector =
        deployment.getSpec().getSelector() == null
            ? Map.of()
            : Objects.requireNonNullElse(
                deployment.getSpec().getSelector().getMatchLabels(), Map.of());
    if (selector.isEmpty()) {
      throw new PermanentException("deployment " + ref + " has no matchLabels selector");
    }
    // the mock (and some servers) ignore parts of selectors: filter again in Java
    List<Pod> pods =
        client.pods().inNamespace(ref.namespace()).withLabels(selector).list().getItems().stream()
            .filter(p -> matches(p.getMetadata().getLabels(), selector))
            .toList();
    Instant now = clock.instant();
    Usage usage = usage(ref, selector, pods);
    List<Incident> incidents = new ArrayList<>();
    pods.forEach(p -> incidents.addAll(PodIncidents.of(p, now)));
    WorkloadStatus status =
        new WorkloadStatus(rolloutInProgress(deployment), hpaFor(ref), incidents);
    int desired = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
    var s = deployment.getStatus();
    int ready = s == null ? 0 : Objects.requireNonNullElse(s.getReadyReplicas(), 0);
    int updated = s == null ? 0 : Objects.requireNonNullElse(s.getUpdatedReplicas(), 0);
    WorkloadSample sample =
        new WorkloadSample(
            now,
            usage.cpuPercent(),
            usage.memoryPercent(),
            desired,
            ready,
            updated,
            AppSignals.NONE);
    return new KubeReading(sample, status, deployment.getMetadata().getAnnotations());
  }

  private Usage usage(WorkloadRef ref, Map<String, String> selector, List<Pod> pods) {
    Map<String, PodMetrics> metrics =
        client
            .top()
            .pods()
            .inNamespace(ref.namespace())
            .withLabels(selector)
            .metrics()
            .getItems()
            .stream()
            .collect(
                Collectors.toMap(m -> m.getMetadata().getName(), Function.identity(), (a, b) -> a));
    BigDecimal cpuUsed = BigDecimal.ZERO;
    BigDecimal cpuRequested = BigDecimal.ZERO;
    BigDecimal memUsed = BigDecimal.ZERO;
    BigDecimal memRequested = BigDecimal.ZERO;
    for (Pod pod : pods) {
      PodMetrics m = metrics.get(pod.getMetadata().getName());
      BigDecimal cpuRequest = requests(pod, "cpu");
      BigDecimal memRequest = requests(pod, "memory");
      if (m == null || cpuRequest.signum() == 0) {
        continue;
      }
      cpuUsed = cpuUsed.add(usage(m, "cpu"));
      cpuRequested = cpuRequested.add(cpuRequest);
      if (memRequest.signum() > 0) {
        memUsed = memUsed.add(usage(m, "memory"));
        memRequested = memRequested.add(memRequest);
      }
    }
    if (cpuRequested.signum() == 0) {
      throw new RetriableException("no pod metrics with CPU requests for " + ref, null);
    }
    return new Usage(percent(cpuUsed, cpuRequested), percent(memUsed, memRequested));
  }

  private static BigDecimal requests(Pod pod, String resource) {
    BigDecimal total = BigDecimal.ZERO;
    for (Container c : pod.getSpec().getContainers()) {
      if (c.getResources() != null && c.getResources().getRequests() != null) {
        Quantity q = c.getResources().getRequests().get(resource);
        total = q == null ? total : total.add(q.getNumericalAmount());
      }
    }
    return total;
  }

  private static BigDecimal usage(PodMetrics m, String resource) {
    BigDecimal total = BigDecimal.ZERO;
    for (ContainerMetrics c : m.getContainers()) {
      Quantity q = c.getUsage() == null ? null : c.getUsage().get(resource);
      total = q == null ? total : total.add(q.getNumericalAmount());
    }
    return total;
  }

  private static double percent(BigDecimal used, BigDecimal requested) {
    return requested.signum() == 0 ? 0 : used.doubleValue() / requested.doubleValue() * 100;
  }

  static boolean rolloutInProgress(Deployment d) {
    var status = d.getStatus();
    if (status == null) {
      return false;
    }
    int desired = Objects.requireNonNullElse(d.getSpec().getReplicas(), 1);
    long generation = Objects.requireNonNullElse(d.getMetadata().getGeneration(), 0L);
    long observed = Objects.requireNonNullElse(status.getObservedGeneration(), generation);
    int updated = Objects.requireNonNullElse(status.getUpdatedReplicas(), desired);
    int total = Objects.requireNonNullElse(status.getReplicas(), desired);
    return observed < generation || updated < desired || total > updated;
  }

  private String hpaFor(WorkloadRef ref) {
    List<HorizontalPodAutoscaler> hpas =
        client
            .autoscaling()
            .v2()
            .horizontalPodAutoscalers()
            .inNamespace(ref.namespace())
            .list()
            .getItems();
    return hpas.stream()
        .filter(h -> h.getSpec() != null && h.getSpec().getScaleTargetRef() != null)
        .filter(
            h ->
                "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                    && ref.name().equals(h.getSpec().getScaleTargetRef().getName()))
        .map(h -> h.getMetadata().getName())
        .findFirst()
        .orElse(null);
  }

  private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
    return labels != null && labels.entrySet().containsAll(selector.entrySet());
  }

  private record Usage(double cpuPercent, double memoryPercent) {}
}
