package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A cert-manager {@code Certificate} (cert-manager.io/v1) whose Secret the pods mount is not Ready:
 * its {@code Ready} condition is {@code False} (reason and message quoted, {@code status.notAfter}
 * when known). {@code certificate_problem} is {@code expired} when {@code notAfter} has passed,
 * else {@code not_ready}. Certificates are read only where the CRD is installed. Neither a restart
 * nor a rollback issues a certificate.
 */
final class CertificateNotReadyDetector implements FailureDetector {

  static final String ATTR_CERTIFICATE = "certificate";

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (GenericKubernetesResource cert : snapshot.live().certificates()) {
      Map<String, Object> ready = readyCondition(cert);
      if (ready == null || !"False".equals(ready.get("status"))) {
        continue;
      }
      String name = cert.getMetadata().getName();
      String notAfter = Objects.toString(status(cert).get("notAfter"), null);
      boolean expired =
          notAfter != null
              && Kube.instant(notAfter) != null
              && Kube.instant(notAfter).isBefore(snapshot.now());
      String reason = Objects.toString(ready.get("reason"), "");
      String message = Objects.toString(ready.get("message"), "");
      List<String> evidence = new ArrayList<>();
      evidence.add(
          "Certificate "
              + name
              + " (secretName "
              + secretName(cert)
              + "): Ready=False"
              + (reason.isEmpty() ? "" : ", reason " + reason)
              + (message.isEmpty() ? "" : ": " + message));
      if (notAfter != null) {
        evidence.add("status.notAfter: " + notAfter);
      }
      findings.add(
          new Finding(
              Category.CERTIFICATE,
              Severity.HIGH,
              Kube.ref("Certificate", snapshot.namespace(), name),
              "cert-manager Certificate "
                  + name
                  + " for Secret "
                  + secretName(cert)
                  + " mounted by "
                  + snapshot.name()
                  + " is not Ready"
                  + (expired ? " and expired at " + notAfter : "")
                  + (reason.isEmpty() ? "" : " (" + reason + ")")
                  + "; check its issuer and CertificateRequest, a restart or rollback issues no certificate.",
              evidence,
              Kube.attrs(
                  ATTR_CERTIFICATE,
                  name,
                  Finding.ATTR_SECRET,
                  secretName(cert),
                  CertificateDetector.ATTR_PROBLEM,
                  expired ? "expired" : "not_ready",
                  CrashLoopDetector.ATTR_RESTART_UNSAFE,
                  "true")));
    }
    return findings;
  }

  /** {@code spec.secretName} of a Certificate, or null. */
  static String secretName(GenericKubernetesResource cert) {
    Object spec = cert.getAdditionalProperties().get("spec");
    return spec instanceof Map<?, ?> m && m.get("secretName") != null
        ? m.get("secretName").toString()
        : null;
  }

  private static Map<String, Object> status(GenericKubernetesResource cert) {
    Object status = cert.getAdditionalProperties().get("status");
    @SuppressWarnings("unchecked")
    Map<String, Object> map = status instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    return map;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readyCondition(GenericKubernetesResource cert) {
    if (!(status(cert).get("conditions") instanceof List<?> conditions)) {
      return null;
    }
    return conditions.stream()
        .filter(c -> c instanceof Map<?, ?> m && "Ready".equals(m.get("type")))
        .map(c -> (Map<String, Object>) c)
        .findFirst()
        .orElse(null);
  }
}
