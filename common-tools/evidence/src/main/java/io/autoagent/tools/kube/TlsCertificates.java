package io.autoagent.tools.kube;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the validity of the first certificate in a {@code kubernetes.io/tls} Secret's {@code
 * tls.crt}. Only the public certificate is parsed; {@code tls.key} is never read. Pure.
 */
final class TlsCertificates {

  static final String TLS_TYPE = "kubernetes.io/tls";
  static final String CERT_KEY = "tls.crt";

  private TlsCertificates() {}

  /**
   * The certificate's subject and validity, or empty when {@code base64Pem} holds no parseable
   * X.509 certificate (then nothing is claimed about it).
   */
  static Optional<LiveEvidence.TlsCertificate> parse(String secretName, String base64Pem) {
    if (base64Pem == null || base64Pem.isBlank()) {
      return Optional.empty();
    }
    try {
      byte[] pem = Base64.getMimeDecoder().decode(base64Pem.getBytes(StandardCharsets.US_ASCII));
      X509Certificate cert =
          (X509Certificate)
              CertificateFactory.getInstance("X.509")
                  .generateCertificate(new ByteArrayInputStream(pem));
      return Optional.of(
          new LiveEvidence.TlsCertificate(
              secretName,
              cert.getSubjectX500Principal().getName(),
              cert.getNotBefore().toInstant(),
              cert.getNotAfter().toInstant()));
    } catch (CertificateException | IllegalArgumentException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
