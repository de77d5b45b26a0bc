package io.autoagent.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.config.internal.PemTls;
import io.autoagent.core.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTlsTest {

  @TempDir static Path dir;
  static TestPki pki;

  @BeforeAll
  static void files() {
    pki = TestPki.create(dir);
  }

  @Test
  void readsPkcs8Pkcs1AndSec1Keys() throws Exception {
    assertThat(Files.readString(pki.file("client.key"))).contains("BEGIN PRIVATE KEY");
    assertThat(Files.readString(pki.file("client-pkcs1.key"))).contains("BEGIN RSA PRIVATE KEY");
    assertThat(Files.readString(pki.file("ec-sec1.key"))).contains("BEGIN EC PRIVATE KEY");

    assertThat(PemTls.privateKey(pki.file("client.key")).getAlgorithm()).isEqualTo("RSA");
    assertThat(PemTls.privateKey(pki.file("client-pkcs1.key")).getEncoded())
        .isEqualTo(PemTls.privateKey(pki.file("client.key")).getEncoded());
    assertThat(PemTls.privateKey(pki.file("ec-sec1.key")).getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void readsEveryCertificateOfABundle() throws Exception {
    Path bundle = dir.resolve("bundle.pem");
    Files.writeString(bundle, Files.readString(pki.caCert()) + Files.readString(pki.otherCaCert()));

    assertThat(PemTls.certificates(bundle)).hasSize(2);
  }

  @Test
  void turnsHostNameVerificationOnForEverySocketAndEngine() throws Exception {
    SSLContext context =
        PemTls.context(pki.caCert(), pki.file("client.crt"), pki.file("client-pkcs1.key"));

    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
      assertThat(socket.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
    }
    SSLEngine engine = context.createSSLEngine("nats", 4222);
    assertThat(engine.getSSLParameters().getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
  }

  @Test
  void refusesAnEncryptedKey() throws Exception {
    Path encrypted = dir.resolve("enc.key");
    Files.writeString(
        encrypted,
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");

    assertThatThrownBy(() -> PemTls.privateKey(encrypted))
        .isInstanceOf(PemTls.PemException.class)
        .hasMessageContaining("encrypted private key");
  }
}
