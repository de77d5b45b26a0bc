package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an analysis reads beyond the workload's object graph, for change and certificate evidence
 * and for failures that pods which stay Ready show only in their logs. Never holds a Secret's data:
 * only names, times, and the validity dates of a TLS certificate (never its key).
 *
 * @param configObjects the ConfigMaps and Secrets the pod template references, with the time of
 *     their last write from {@code metadata.managedFields}
 * @param tlsCertificates validity of the certificate in each {@code kubernetes.io/tls} Secret the
 *     pods mount
 * @param certificates cert-manager {@code Certificate}s (cert-manager.io/v1) of the namespace whose
 *     {@code spec.secretName} the pods mount; empty when the CRD is not installed
 * @param revisions a StatefulSet's or DaemonSet's ControllerRevisions (empty for other kinds)
 * @param currentLogs tail of the current log of one Ready pod's containers, keyed {@code
 *     pod/container}, read only when no crash-looping container's log was (when no pod is Ready, of
 *     one Running pod that is not Ready)
 * @param dependencies the in-cluster workloads behind the Service names the logs' dependency
 *     failures name (see {@link DependencyWorkloads}); empty when no log names one
 */
public record LiveEvidence(
    List<ConfigObject> configObjects,
    List<TlsCertificate> tlsCertificates,
    List<GenericKubernetesResource> certificates,
    List<ControllerRevision> revisions,
    Map<String, String> currentLogs,
    List<DependencyWorkload> dependencies) {

  public static final LiveEvidence NONE =
      new LiveEvidence(List.of(), List.of(), List.of(), List.of(), Map.of(), List.of());

  /** Evidence without dependency workloads. */
  public LiveEvidence(
      List<ConfigObject> configObjects,
      List<TlsCertificate> tlsCertificates,
      List<GenericKubernetesResource> certificates,
      List<ControllerRevision> revisions,
      Map<String, String> currentLogs) {
    this(configObjects, tlsCertificates, certificates, revisions, currentLogs, List.of());
  }

  public LiveEvidence {
    configObjects = configObjects == null ? List.of() : List.copyOf(configObjects);
    tlsCertificates = tlsCertificates == null ? List.of() : List.copyOf(tlsCertificates);
    certificates = certificates == null ? List.of() : List.copyOf(certificates);
    revisions = revisions == null ? List.of() : List.copyOf(revisions);
    currentLogs = currentLogs == null ? Map.of() : Map.copyOf(currentLogs);
    dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
  }

  /** This evidence with these dependency workloads. */
  public LiveEvidence withDependencies(List<DependencyWorkload> workloads) {
    return new LiveEvidence(
        configObjects, tlsCertificates, certificates, revisions, currentLogs, workloads);
  }

  /**
   * The in-cluster workload behind a dependency host: the Service it names and its selected pods.
   *
   * @param host the host (and port) as the log names it
   * @param namespace the Service's namespace
   * @param service the Service's name
   * @param selects whether the Service has a selector (without one its endpoints are managed by
   *     hand and its pods are not known)
   * @param pods pods the selector selects
   * @param ready those of them that are Ready
   * @param state why they are not Ready ({@code Pending, 0/1 nodes are available: ...}, {@code
   *     CrashLoopBackOff}, {@code no pod (scaled to 0 ...)})
   */
  public record DependencyWorkload(
      String host,
      String namespace,
      String service,
      boolean selects,
      int pods,
      int ready,
      String state) {
    public DependencyWorkload {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(service, "service");
      state = state == null ? "" : state;
    }

    /** Whether the dependency runs in the cluster and none of its pods is Ready. */
    public boolean down() {
      return selects && ready == 0;
    }
  }

  /**
   * A ConfigMap or Secret the workload uses, as far as a change is concerned: never its data.
   *
   * @param kind {@code ConfigMap} or {@code Secret}
   * @param name its name
   * @param mounted whether a pod volume mounts it (kubelet updates such files in running pods);
   *     false when it is read only into environment variables (read at container start)
   * @param changedAt the newest {@code managedFields[].time}, null when unknown
   * @param changedBy the manager of that write, null when unknown
   */
  public record ConfigObject(
      String kind, String name, boolean mounted, Instant changedAt, String changedBy) {
    public ConfigObject {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(name, "name");
    }
  }

  /**
   * Validity of the certificate of a {@code kubernetes.io/tls} Secret.
   *
   * @param secret the Secret's name
   * @param subject the certificate's subject
   * @param notBefore start of validity
   * @param notAfter end of validity
   */
  public record TlsCertificate(String secret, String subject, Instant notBefore, Instant notAfter) {
    public TlsCertificate {
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(notAfter, "notAfter");
    }
  }
}
