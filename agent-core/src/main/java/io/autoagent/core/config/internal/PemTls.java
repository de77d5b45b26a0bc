package io.autoagent.core.config.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
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
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a client {@link SSLContext} from PEM files: the CAs to trust (else the JVM's), and a
 * client certificate with its key for mutual TLS. Keys may be PKCS#8 ({@code PRIVATE KEY}),
 * PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC ({@code EC PRIVATE KEY}); encrypted keys are
 * refused. Every socket and engine the context makes verifies the server's host name (jnats does
 * not turn that on when given a context of its own).
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
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
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
        store.setKeyEntry("client", privateKey(key), new char[0], chain.toArray(new Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, new char[0]);
        keys = factory.getKeyManagers();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust.getTrustManagers(), new SecureRandom());
      return new VerifyingContext(context);
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
        Collection<? extends Certificate> parsed = factory.generateCertificates(new ByteArrayInputStream(der));
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
          throw new PemException("holds an encrypted private key: give an unencrypted one (the file is a secret)");
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

  /** Minimal DER encoding to wrap PKCS#1 and SEC1 keys into PKCS#8. */
  static final class Der {
    private static final byte[] RSA_ALGORITHM = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00
    };
    private static final byte[] EC_PUBLIC_KEY_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Der() {}

    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
      return sequence(concat(new byte[] {0x02, 0x01, 0x00}, RSA_ALGORITHM, tlv(0x04, pkcs1)));
    }

    /** SEC1 {@code ECPrivateKey}: the curve is its {@code [0]} parameter. */
    static byte[] sec1ToPkcs8(byte[] sec1) throws PemException {
      byte[] curve = curveOid(sec1);
      byte[] algorithm = sequence(concat(EC_PUBLIC_KEY_OID, curve));
      return sequence(concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, sec1)));
    }

    private static byte[] curveOid(byte[] sec1) throws PemException {
      int[] seq = header(sec1, 0);
      int pos = seq[0];
      int end = seq[0] + seq[1];
      while (pos < end) {
        int tag = sec1[pos] & 0xff;
        int[] h = header(sec1, pos);
        if (tag == 0xa0) {
          int[] oid = header(sec1, h[0]);
          return java.util.Arrays.copyOfRange(sec1, h[0], oid[0] + oid[1]);
        }
        pos = h[0] + h[1];
      }
      throw new PemException("holds an EC private key without its curve");
    }

    /** {content offset, content length} of the element at {@code pos}. */
    private static int[] header(byte[] der, int pos) throws PemException {
      if (pos + 2 > der.length) {
        throw new PemException("holds a damaged private key");
      }
      int len = der[pos + 1] & 0xff;
      int offset = pos + 2;
      if (len > 0x80) {
        int n = len & 0x7f;
        len = 0;
        for (int i = 0; i < n; i++) {
          len = (len << 8) | (der[offset + i] & 0xff);
        }
        offset += n;
      }
      if (offset + len > der.length) {
        throw new PemException("holds a damaged private key");
      }
      return new int[] {offset, len};
    }

    private static byte[] sequence(byte[] content) {
      return tlv(0x30, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.write(tag);
      int len = content.length;
      if (len < 0x80) {
        out.write(len);
      } else if (len < 0x100) {
        out.write(0x81);
        out.write(len);
      } else if (len < 0x10000) {
        out.write(0x82);
        out.write(len >> 8);
        out.write(len);
      } else {
        out.write(0x83);
        out.write(len >> 16);
        out.write(len >> 8);
        out.write(len);
      }
      out.writeBytes(content);
      return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] p : parts) {
        out.writeBytes(p);
      }
      return out.toByteArray();
    }
  }

  /** Turns on host name verification ({@code HTTPS} endpoint identification) for every socket. */
  private static final class VerifyingContext extends SSLContext {
    VerifyingContext(SSLContext delegate) {
      super(new Spi(delegate), delegate.getProvider(), delegate.getProtocol());
    }
  }

  private static SSLParameters verifying(SSLParameters params) {
    params.setEndpointIdentificationAlgorithm("HTTPS");
    return params;
  }

  private static final class Spi extends SSLContextSpi {
    private final SSLContext delegate;

    Spi(SSLContext delegate) {
      this.delegate = delegate;
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
      throw new UnsupportedOperationException("already initialised");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      return new VerifyingSocketFactory(delegate.getSocketFactory());
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      return delegate.getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      SSLEngine engine = delegate.createSSLEngine();
      engine.setSSLParameters(verifying(engine.getSSLParameters()));
      return engine;
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      SSLEngine engine = delegate.createSSLEngine(host, port);
      engine.setSSLParameters(verifying(engine.getSSLParameters()));
      return engine;
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      return delegate.getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      return delegate.getClientSessionContext();
    }

    @Override
    protected SSLParameters engineGetDefaultSSLParameters() {
      return verifying(delegate.getDefaultSSLParameters());
    }

    @Override
    protected SSLParameters engineGetSupportedSSLParameters() {
      return delegate.getSupportedSSLParameters();
    }
  }

  private static final class VerifyingSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    VerifyingSocketFactory(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    private static Socket verify(Socket socket) {
      if (socket instanceof SSLSocket ssl) {
        ssl.setSSLParameters(verifying(ssl.getSSLParameters()));
      }
      return socket;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
      return verify(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket() throws IOException {
      return verify(delegate.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return verify(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, java.net.InetAddress local, int localPort) throws IOException {
      return verify(delegate.createSocket(host, port, local, localPort));
    }

    @Override
    public Socket createSocket(java.net.InetAddress host, int port) throws IOException {
      return verify(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(java.net.InetAddress address, int port, java.net.InetAddress local, int localPort)
        throws IOException {
      return verify(delegate.createSocket(address, port, local, localPort));
    }
  }
}
