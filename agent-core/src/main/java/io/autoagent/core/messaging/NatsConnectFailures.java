package io.autoagent.core.messaging;

import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.NatsSettings;
import io.nats.client.AuthenticationException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Tells a failed first connect that no retry can fix (the server's certificate is not trusted, does
 * not name the host, wants a client certificate, or the credentials are refused) from one that a
 * retry may fix (the server is not up yet), and words the first as one line naming the setting.
 */
final class NatsConnectFailures {

  private static final int PROBE_TIMEOUT_MS = 2000;

  private NatsConnectFailures() {}

  /** Throws {@link ConfigException} when {@code failure} is permanent. */
  static void throwIfPermanent(NatsSettings settings, Exception failure, Exception lastSeen) {
    for (Exception e : new Exception[] {failure, lastSeen}) {
      if (e == null) {
        continue;
      }
      Optional<String> line = permanent(settings, e);
      if (line.isPresent()) {
        throw new ConfigException(line.get());
      }
    }
    // jnats reports a client certificate the server refuses (none, or one of an unknown issuer)
    // only as a timeout: the server's INFO says whether it verifies clients
    if (settings.tls() && serverVerifiesClients(settings)) {
      throw new ConfigException(
          settings.tlsCert() == null
              ? NatsSettings.NATS_TLS_CERT
                  + " is not set, but the NATS server at "
                  + settings.serversForLog()
                  + " requires a client certificate (TLS verify): set NATS_TLS_CERT and NATS_TLS_KEY"
              : NatsSettings.NATS_TLS_CERT
                  + "="
                  + settings.tlsCert()
                  + ": the NATS server at "
                  + settings.serversForLog()
                  + " did not accept the client certificate (TLS verify): is it issued by a CA in the server's ca_file?");
    }
  }

  private static Optional<String> permanent(NatsSettings settings, Throwable failure) {
    String servers = settings.serversForLog();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CertPathBuilderException || t instanceof CertPathValidatorException) {
        return Optional.of(
            settings.tlsCa() != null
                ? NatsSettings.NATS_TLS_CA
                    + "="
                    + settings.tlsCa()
                    + " does not trust the certificate of the NATS server at "
                    + servers
                    + " ("
                    + reason(t)
                    + ")"
                : NatsSettings.NATS_TLS_CA
                    + " is not set and the JVM does not trust the certificate of the NATS server at "
                    + servers
                    + ": set NATS_TLS_CA to the CA that issued it");
      }
      if (t instanceof CertificateException && t.getCause() == null) {
        return Optional.of(
            NatsSettings.NATS_URL
                + "="
                + servers
                + ": the NATS server's certificate does not name this host ("
                + reason(t)
                + ")");
      }
      if (t instanceof AuthenticationException) {
        return Optional.of(
            "the NATS server at "
                + servers
                + " refused the credentials of "
                + authVariable(settings)
                + " ("
                + reason(t)
                + ")");
      }
      if (t instanceof SSLException
          && t.getCause() == null
          && settings.tlsCert() != null
          && String.valueOf(t.getMessage()).contains("certificate")) {
        return Optional.of(
            NatsSettings.NATS_TLS_CERT
                + "="
                + settings.tlsCert()
                + ": the NATS server at "
                + servers
                + " refused the client certificate ("
                + reason(t)
                + ")");
      }
    }
    return Optional.empty();
  }

  private static String authVariable(NatsSettings settings) {
    return switch (settings.authMethod()) {
      case "creds" -> NatsSettings.NATS_CREDS + "=" + settings.creds();
      case "nkey" -> NatsSettings.NATS_NKEY_SEED + "=" + settings.nkeySeed();
      case "token" -> NatsSettings.NATS_TOKEN;
      case "user" -> NatsSettings.NATS_USER + "=" + settings.user();
      default ->
          "NATS_URL (no credentials are set: NATS_CREDS, NATS_NKEY_SEED, NATS_TOKEN or NATS_USER)";
    };
  }

  /** The innermost message, without secrets (jnats never puts them in exceptions). */
  static String reason(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null || message.isBlank() ? root.getClass().getSimpleName() : message.strip();
  }

  /**
   * Reads the first server's INFO (sent in clear before the TLS handshake) and says whether it
   * demands client certificates: jnats reports such a refusal only as a timeout.
   */
  static boolean serverVerifiesClients(NatsSettings settings) {
    if (settings.tlsFirst()) {
      return false;
    }
    try {
      URI uri = URI.create(settings.servers().getFirst());
      try (Socket socket = new Socket()) {
        socket.connect(
            new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 4222),
            PROBE_TIMEOUT_MS);
        socket.setSoTimeout(PROBE_TIMEOUT_MS);
        String info =
            new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        return info != null
            && info.startsWith("INFO")
            && info.replace(" ", "").contains("\"tls_verify\":true");
      }
    } catch (Exception e) {
      return false;
    }
  }
}
