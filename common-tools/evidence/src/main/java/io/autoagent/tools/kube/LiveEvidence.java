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
 *     pod/container}, read only when no crash-looping container's log was
 */
public record LiveEvidence(
    List<ConfigObject> configObjects,
    List<TlsCertificate> tlsCertificates,
    List<GenericKubernetesResource> certificates,
    List<ControllerRevision> revisions,
    Map<String, String> currentLogs) {

  public static final LiveEvidence NONE =
      new LiveEvidence(List.of(), List.of(), List.of(), List.of(), Map.of());

  public LiveEvidence {
    configObjects = configObjects == null ? List.of() : List.copyOf(configObjects);
    tlsCertificates = tlsCertificates == null ? List.of() : List.copyOf(tlsCertificates);
    certificates = certificates == null ? List.of() : List.copyOf(certificates);
    revisions = revisions == null ? List.of() : List.copyOf(revisions);
    currentLogs = currentLogs == null ? Map.of() : Map.copyOf(currentLogs);
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
