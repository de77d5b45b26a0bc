package io.autoagent.tools.kube;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@link LiveEvidence} of one workload straight from the API, each read bounded by the
 * log timeout; a failed read means "no such evidence", never a failed analysis.
 *
 * <ul>
 *   <li>ConfigMaps and Secrets the template references: only {@code metadata.managedFields} times
 *       are kept; of a mounted {@code kubernetes.io/tls} Secret also the certificate's validity.
 *       Secret data is never kept, logged or returned. When Secrets may not be read (403: the chart
 *       grants {@code get} on secrets only with {@code remediation.allowSecretChecks}), Secrets are
 *       not asked for again.
 *   <li>cert-manager Certificates, only when API discovery shows {@code cert-manager.io/v1} (asked
 *       again at most every {@link #DISCOVERY_TTL}); absent, nothing is read or logged.
 *   <li>A StatefulSet's or DaemonSet's ControllerRevisions.
 *   <li>When no crash-looping container's log was read: the current log tail of the first Ready
 *       pod's containers (at most {@link #MAX_READY_CONTAINERS}), or when none is Ready, of the
 *       first Running-but-not-Ready pod's running containers.
 * </ul>
 *
 * Thread-safe.
 */
final class LiveEvidenceReader {

  private static final Logger log = LoggerFactory.getLogger(LiveEvidenceReader.class);
  static final String CERT_MANAGER_API = "cert-manager.io/v1";
  static final Duration DISCOVERY_TTL = Duration.ofMinutes(5);
  static final int MAX_READY_CONTAINERS = 2;

  private final KubernetesClient client;
  private final OnDemandReads onDemand;
  private final Clock clock;
  private volatile boolean secretsForbidden;
  private volatile Boolean certManager;
  private volatile Instant certManagerAskedAt = Instant.EPOCH;

  LiveEvidenceReader(KubernetesClient client, OnDemandReads onDemand, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.onDemand = Objects.requireNonNull(onDemand, "onDemand");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Reads the four kinds of evidence concurrently (each read is bounded on its own), so an analysis
   * waits for the slowest one rather than for their sum.
   */
  LiveEvidence read(
      HasMetadata workload,
      io.fabric8.kubernetes.api.model.PodTemplateSpec template,
      List<Pod> pods,
      Map<String, String> previousLogs) {
    String ns = workload.getMetadata().getNamespace();
    List<ConfigReferences.Reference> refs = ConfigReferences.of(template);
    Set<String> mountedSecrets =
        refs.stream()
            .filter(r -> r.kind().equals("Secret") && r.mounted())
            .map(ConfigReferences.Reference::name)
            .collect(Collectors.toSet());
    var logs = async(() -> previousLogs.isEmpty() ? readyLogs(ns, pods) : Map.<String, String>of());
    var certificates = async(() -> certificates(ns, mountedSecrets));
    var revisions = async(() -> revisions(workload));
    List<LiveEvidence.ConfigObject> objects = new ArrayList<>();
    List<LiveEvidence.TlsCertificate> tls = new ArrayList<>();
    for (ConfigReferences.Reference ref : refs) {
      if (ref.kind().equals("ConfigMap")) {
        HasMetadata cm =
            onDemand.bounded(
                () -> client.configMaps().inNamespace(ns).withName(ref.name()).get(),
                "ConfigMap " + ns + "/" + ref.name());
        if (cm != null) {
          objects.add(configObject(ref, cm));
        }
      } else if (!secretsForbidden) {
        readSecret(ns, ref, objects, tls);
      }
    }
    return new LiveEvidence(objects, tls, certificates.join(), revisions.join(), logs.join());
  }

  /** On a virtual thread of its own; the supplier bounds its reads itself and never throws. */
  private static <T> java.util.concurrent.CompletableFuture<T> async(
      java.util.function.Supplier<T> read) {
    return java.util.concurrent.CompletableFuture.supplyAsync(read, Thread::startVirtualThread);
  }

  /** Kind, name, mount and the newest managed-fields write of an object; never its data. */
  static LiveEvidence.ConfigObject configObject(
      ConfigReferences.Reference ref, HasMetadata object) {
    ManagedFieldsEntry newest = newestWrite(object);
    return new LiveEvidence.ConfigObject(
        ref.kind(),
        ref.name(),
        ref.mounted(),
        newest == null ? null : Kube.instant(newest.getTime()),
        newest == null ? null : newest.getManager());
  }

  static ManagedFieldsEntry newestWrite(HasMetadata object) {
    List<ManagedFieldsEntry> entries = object.getMetadata().getManagedFields();
    if (entries == null) {
      return null;
    }
    return entries.stream()
        .filter(e -> e.getTime() != null && Kube.instant(e.getTime()) != null)
        .max(Comparator.comparing(e -> Kube.instant(e.getTime())))
        .orElse(null);
  }

  private void readSecret(
      String ns,
      ConfigReferences.Reference ref,
      List<LiveEvidence.ConfigObject> objects,
      List<LiveEvidence.TlsCertificate> tls) {
    Secret secret;
    try {
      secret = client.secrets().inNamespace(ns).withName(ref.name()).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        secretsForbidden = true;
        log.info(
            "Secrets may not be read (403); change and certificate evidence goes on without them");
      } else {
        if (e.getCode() != 404) {
          onDemand.failed(); // (403 is handled above)
        }
        log.debug("Secret {}/{} not read: {}", ns, ref.name(), e.getCode());
      }
      return;
    }
    if (secret == null) {
      return;
    }
    objects.add(configObject(ref, secret));
    if (ref.mounted()
        && TlsCertificates.TLS_TYPE.equals(secret.getType())
        && secret.getData() != null) {
      TlsCertificates.parse(ref.name(), secret.getData().get(TlsCertificates.CERT_KEY))
          .ifPresent(tls::add);
    }
  }

  /** cert-manager Certificates whose secretName the pods mount; none unless the CRD is served. */
  private List<GenericKubernetesResource> certificates(String ns, Set<String> mountedSecrets) {
    if (mountedSecrets.isEmpty() || !certManagerInstalled()) {
      return List.of();
    }
    List<GenericKubernetesResource> all =
        onDemand.bounded(
            () ->
                client
                    .genericKubernetesResources(CERT_MANAGER_API, "Certificate")
                    .inNamespace(ns)
                    .list()
                    .getItems(),
            "cert-manager Certificates of " + ns);
    return all == null
        ? List.of()
        : all.stream()
            .filter(c -> mountedSecrets.contains(CertificateNotReadyDetector.secretName(c)))
            .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
            .toList();
  }

  private boolean certManagerInstalled() {
    Instant now = clock.instant();
    if (certManager == null || now.isAfter(certManagerAskedAt.plus(DISCOVERY_TTL))) {
      Boolean served =
          onDemand.bounded(
              () -> client.supports(CERT_MANAGER_API, "Certificate"),
              "API discovery of " + CERT_MANAGER_API);
      certManager = Boolean.TRUE.equals(served);
      certManagerAskedAt = now;
    }
    return certManager;
  }

  private List<ControllerRevision> revisions(HasMetadata workload) {
    if (!(workload instanceof StatefulSet || workload instanceof DaemonSet)) {
      return List.of();
    }
    String ns = workload.getMetadata().getNamespace();
    String key = ns + "/" + workload.getMetadata().getUid();
    List<ControllerRevision> all =
        onDemand.bounded(
            () -> client.apps().controllerRevisions().inNamespace(ns).list().getItems(),
            "ControllerRevisions of " + ns);
    return all == null
        ? List.of()
        : all.stream()
            .filter(r -> key.equals(ClusterReader.controllerKey(r)))
            .sorted(Comparator.comparing(r -> r.getRevision() == null ? 0L : r.getRevision()))
            .toList();
  }

  /**
   * The current log tail of the first Ready pod's Ready containers; when no pod is Ready, of the
   * first Running pod's running containers (readiness failing because a dependency is down shows
   * only there).
   */
  private Map<String, String> readyLogs(String ns, List<Pod> pods) {
    Map<String, String> logs = new LinkedHashMap<>();
    Optional<Pod> ready = pods.stream().filter(LiveEvidenceReader::ready).findFirst();
    boolean anyReady = ready.isPresent();
    ready
        .or(() -> pods.stream().filter(LiveEvidenceReader::runningNotReady).findFirst())
        .ifPresent(
            pod -> {
              List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
              statuses.stream()
                  .filter(
                      s ->
                          anyReady
                              ? Boolean.TRUE.equals(s.getReady())
                              : s.getState() != null && s.getState().getRunning() != null)
                  .limit(MAX_READY_CONTAINERS)
                  .forEach(
                      s -> {
                        String text =
                            onDemand.currentLog(ns, pod.getMetadata().getName(), s.getName());
                        if (text != null && !text.isBlank()) {
                          logs.put(pod.getMetadata().getName() + "/" + s.getName(), text);
                        }
                      });
            });
    return logs;
  }

  /** Running, with at least one running container, and not Ready. */
  static boolean runningNotReady(Pod pod) {
    return pod.getStatus() != null
        && "Running".equals(pod.getStatus().getPhase())
        && pod.getStatus().getContainerStatuses() != null
        && pod.getStatus().getContainerStatuses().stream()
            .anyMatch(s -> s.getState() != null && s.getState().getRunning() != null)
        && !ready(pod);
  }

  static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getContainerStatuses() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
