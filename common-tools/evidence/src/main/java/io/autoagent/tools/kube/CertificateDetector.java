package io.autoagent.tools.kube;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A TLS certificate behind the failure: a crash-looping container's previous log shows an expired,
 * not yet valid or untrusted certificate (Go's {@code x509:} errors, Java's {@code
 * CertificateExpiredException} and PKIX path errors, OpenSSL's {@code certificate verify failed}).
 * One finding per container log, with {@code certificate_problem} = {@code expired}, {@code
 * not_yet_valid} or {@code untrusted}. Neither a restart nor a rollback renews a certificate.
 */
final class CertificateDetector implements FailureDetector {

  static final String ATTR_PROBLEM = "certificate_problem";
  private static final Pattern TLS =
      Pattern.compile(
          "(?i)(x509: certificate has expired|certificate has expired|CertificateExpiredException|certificate expired"
              + "|x509: certificate is not yet valid|CertificateNotYetValidException"
              + "|x509: certificate signed by unknown authority|PKIX path building failed|unable to find valid certification path"
              + "|certificate verify failed|x509: certificate is valid for)");

  private final LogSignals signals;

  /** Scanning with a memo of its own, sized for the default log bytes. */
  CertificateDetector() {
    this(LogSignals.defaults());
  }

  CertificateDetector(LogSignals signals) {
    this.signals = java.util.Objects.requireNonNull(signals, "signals");
  }

  @Override
  public List<Finding> detect(WorkloadSnapshot snapshot) {
    return signals.scan(snapshot, TLS).stream()
        .map(
            hit -> {
              String problem = problem(hit.first().group(1));
              return LogSignals.finding(
                  snapshot,
                  Category.CERTIFICATE,
                  hit,
                  "Container "
                      + hit.container()
                      + " of pod "
                      + hit.pod()
                      + " fails on a TLS certificate that is "
                      + problem.replace('_', ' ')
                      + " ("
                      + hit.first().group(1)
                      + "); renew or trust the certificate.",
                  ATTR_PROBLEM,
                  problem);
            })
        .toList();
  }

  private static String problem(String match) {
    String m = match.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("not yet valid") || m.contains("notyetvalid")) {
      return "not_yet_valid";
    }
    if (m.contains("expired")) {
      return "expired";
    }
    return "untrusted";
  }
}
