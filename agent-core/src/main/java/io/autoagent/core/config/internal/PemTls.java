package io.autoagent.core.config.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a client {@link SSLContext} from PEM files: the CAs to trust (else the JVM's), and a
 * client certificate with its key for mutual TLS. Keys may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1
 * RSA ({@code RSA PRIVATE KEY}) or SEC1 EC ({@code EC PRIVATE KEY}); encrypted keys are refused.
 * Every socket and engine the context makes verifies the server's host name (jnats does not turn
 * that on when given a context of its own).
 */
public final class PemTls {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

  private PemTls() {}

  /** A problem with one file; the message says what is wrong, without the file's content. */
  public static final class PemException extends Exception {
    public PemException(String message) {
      super(message);
    }
  }

  /**
   * The context for these files.
   *
   * @param ca PEM bundle to trust, or null for the JVM's trust store
   * @param cert client certificate chain, or null
   * @param key the certificate's private key; given exactly when {@code cert} is
   */
  public static SSLContext context(Path ca, Path cert, Path key) throws PemException, IOException {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      if (ca == null) {
        trust.init((KeyStore) null);
      } else {
        KeyStore store = emptyStore();
        int i = 0;
        for (X509Certificate c : certificates(ca)) {
          store.setCertificateEntry("ca-" + i++, c);
        }
        trust.init(store);
      }
      KeyManager[] keys = null;
      if (cert != null) {
        List<X509Certificate> chain = certificates(cert);
        KeyStore store = emptyStore();
        store.setKeyEntry(
            "client", privateKey(key), new char[0], chain.toArray(new Certificate[0]));
        KeyManagerFactory factory =
            KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        keys = factory.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust.getTrustManagers(), new SecureRandom());
      return new HostVerifyingContext(context);
    } catch (GeneralSecurityException e) {
      throw new PemException("cannot build a TLS context: " + e.getMessage());
    }
  }

  /** The certificates of a PEM file; at least one. */
  public static List<X509Certificate> certificates(Path file) throws PemException, IOException {
    List<byte[]> blocks = blocks(file, "CERTIFICATE");
    if (blocks.isEmpty()) {
      throw new PemException("holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
    List<X509Certificate> certs = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks) {
        Collection<? extends Certificate> parsed =
            factory.generateCertificates(new ByteArrayInputStream(der));
        parsed.forEach(c -> certs.add((X509Certificate) c));
      }
    } catch (GeneralSecurityException e) {
      throw new PemException("holds an invalid certificate: " + e.getMessage());
    }
    return certs;
  }

  /** The private key of a PEM file. */
  public static PrivateKey privateKey(Path file) throws PemException, IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      byte[] der = decode(m.group(2));
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(der);
        case "RSA PRIVATE KEY":
          return pkcs8(Der.pkcs1ToPkcs8(der));
        case "EC PRIVATE KEY":
          return pkcs8(Der.sec1ToPkcs8(der));
        case "ENCRYPTED PRIVATE KEY":
          throw new PemException(
              "holds an encrypted private key: give an unencrypted one (the file is a secret)");
        default:
          // certificates and parameters may sit beside the key
      }
    }
    throw new PemException("holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
  }

  private static PrivateKey pkcs8(byte[] der) throws PemException {
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "EdDSA")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | IllegalArgumentException e) {
        // try the next algorithm
      }
    }
    throw new PemException("holds a private key that is not RSA, EC or Ed25519, or is damaged");
  }

  private static List<byte[]> blocks(Path file, String type) throws PemException, IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    List<byte[]> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        out.add(decode(m.group(2)));
      }
    }
    return out;
  }

  private static byte[] decode(String body) throws PemException {
    try {
      return Base64.getMimeDecoder().decode(body.trim());
    } catch (IllegalArgumentException e) {
      throw new PemException("holds a PEM block that is not valid base64");
    }
  }

  private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    return store;
  }
}
