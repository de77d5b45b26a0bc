package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code kubernetes.io/tls} Secret the pods mount holds a certificate that has expired or is not
 * yet valid at the time of the analysis ({@code notAfter} / {@code notBefore} parsed from {@code
 * tls.crt}; the key is never read). {@code certificate_problem} is {@code expired} or {@code
 * not_yet_valid}; a certificate that is valid, even if it expires soon, is not a finding.
 */
final class TlsSecretExpiryDetector implements FailureDetector {

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    List<Finding> findings = new ArrayList<>();
    for (LiveEvidence.TlsCertificate cert : snapshot.live().tlsCertificates()) {
      boolean expired = cert.notAfter().isBefore(snapshot.now());
      boolean early = cert.notBefore() != null && cert.notBefore().isAfter(snapshot.now());
      if (!expired && !early) {
        continue;
      }
      String problem = expired ? "expired" : "not_yet_valid";
      String when =
          expired ? "expired at " + cert.notAfter() : "is not valid before " + cert.notBefore();
      findings.add(
          new Finding(
              Category.CERTIFICATE,
              Severity.HIGH,
              Kube.ref("Secret", snapshot.namespace(), cert.secret()),
              "The TLS certificate in Secret "
                  + cert.secret()
                  + " mounted by "
                  + snapshot.name()
                  + " "
                  + when
                  + " (subject "
                  + cert.subject()
                  + "); renew it, a restart or rollback serves the same certificate.",
              List.of(
                  "Secret "
                      + cert.secret()
                      + " (kubernetes.io/tls) tls.crt: subject "
                      + cert.subject()
                      + ", notBefore "
                      + cert.notBefore()
                      + ", notAfter "
                      + cert.notAfter()),
              Kube.attrs(
                  Finding.ATTR_SECRET,
                  cert.secret(),
                  CertificateDetector.ATTR_PROBLEM,
                  problem,
                  "not_after",
                  cert.notAfter().toString(),
                  CrashLoopDetector.ATTR_RESTART_UNSAFE,
                  "true")));
    }
    return findings;
  }
}
