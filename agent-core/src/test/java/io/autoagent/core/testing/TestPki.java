package io.autoagent.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Certificates for TLS tests, made with {@code openssl} in a directory: a CA, a server certificate
 * for {@code 127.0.0.1}/{@code localhost}, a client certificate, a second unrelated CA, and a
 * server certificate that names another host.
 */
public final class TestPki {

  private final Path dir;

  private TestPki(Path dir) {
    this.dir = dir;
  }

  /** Makes everything under {@code dir}. */
  public static TestPki create(Path dir) {
    TestPki pki = new TestPki(dir);
    try {
      Files.createDirectories(dir);
      pki.ca("ca");
      pki.ca("other-ca");
      pki.leaf("server", "ca", "subjectAltName=IP:127.0.0.1,DNS:localhost", "serverAuth");
      pki.leaf("wrong-host", "ca", "subjectAltName=DNS:nats.example.invalid", "serverAuth");
      pki.leaf("client", "ca", "subjectAltName=DNS:agent", "clientAuth");
      pki.leaf("stranger", "other-ca", "subjectAltName=DNS:agent", "clientAuth");
      // the same client key in the older encodings cert-manager and openssl 1.x produce
      pki.run("openssl", "pkey", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
      pki.run(
          "openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec-sec1.key");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return pki;
  }

  public Path file(String name) {
    return dir.resolve(name);
  }

  public Path caCert() {
    return file("ca.crt");
  }

  public Path otherCaCert() {
    return file("other-ca.crt");
  }

  private void ca(String name) throws IOException {
    run(
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=" + name,
        "-keyout",
        name + ".key",
        "-out",
        name + ".crt",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign");
  }

  private void leaf(String name, String ca, String san, String usage) throws IOException {
    run(
        "openssl",
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=" + name,
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr");
    Files.writeString(dir.resolve(name + ".ext"), san + "\nextendedKeyUsage=" + usage + "\n");
    run(
        "openssl",
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        ca + ".crt",
        "-CAkey",
        ca + ".key",
        "-CAcreateserial",
        "-days",
        "2",
        "-out",
        name + ".crt",
        "-extfile",
        name + ".ext");
  }

  private void run(String... command) throws IOException {
    Process p =
        new ProcessBuilder(new ArrayList<>(List.of(command)))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    try {
      if (p.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + " failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * A nats-server {@code tls} block: this server certificate, this CA, client certificates
   * required.
   */
  public String serverTlsBlock(String serverCert, boolean verifyClients) {
    return "tls {\n  cert_file: \""
        + file(serverCert + ".crt")
        + "\"\n  key_file: \""
        + file(serverCert + ".key")
        + "\"\n  ca_file: \""
        + caCert()
        + "\"\n  verify: "
        + verifyClients
        + "\n  timeout: 2\n}\n";
  }
}
