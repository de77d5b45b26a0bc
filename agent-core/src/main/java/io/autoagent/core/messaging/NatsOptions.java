package io.autoagent.core.messaging;

import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.NatsSettings;
import io.autoagent.core.config.internal.NatsFiles;
import io.autoagent.core.config.internal.PemTls;
import io.nats.client.AuthHandler;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;

/**
 * The one place that turns {@link NatsSettings} into jnats {@link Options}: servers, connection
 * name, credentials (creds file, NKey seed, token, user and password), TLS from PEM with the
 * server's host name verified, TLS first, and reconnecting forever with exponential backoff and
 * jitter. Agents and every CLI command build their connections here.
 */
public final class NatsOptions {

  /** First wait between reconnect rounds; doubles each round up to {@link #MAX_RECONNECT_WAIT}. */
  public static final Duration FIRST_RECONNECT_WAIT = Duration.ofMillis(250);

  public static final Duration MAX_RECONNECT_WAIT = Duration.ofSeconds(8);
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  private NatsOptions() {}

  /**
   * A builder holding every setting; callers add their listeners (and a CLI may lower the reconnect
   * count) before {@code build()}.
   *
   * @throws ConfigException when a PEM file can no longer be read or used
   */
  public static Options.Builder builder(NatsSettings settings) {
    Options.Builder builder =
        Options.builder()
            .servers(settings.servers().toArray(String[]::new))
            .connectionName(settings.connectionName())
            .connectionTimeout(CONNECTION_TIMEOUT)
            .maxReconnects(-1)
            .reconnectWait(FIRST_RECONNECT_WAIT)
            .reconnectDelayHandler(NatsOptions::reconnectDelay);
    if (settings.creds() != null) {
      builder.authHandler(Nats.credentials(settings.creds().toString()));
    } else if (settings.nkeySeed() != null) {
      builder.authHandler(nkey(settings));
    } else if (settings.token() != null) {
      builder.token(settings.token().chars());
    } else if (settings.user() != null) {
      builder.userInfo(settings.user().toCharArray(), settings.password().chars());
    }
    if (settings.tls()) {
      builder.sslContext(sslContext(settings));
    }
    if (settings.tlsFirst()) {
      builder.tlsFirst();
    }
    return builder;
  }

  /**
   * The wait before reconnect round {@code round} (1, 2, ...): doubling, capped, plus up to 20%
   * jitter.
   */
  static Duration reconnectDelay(long round) {
    long shift = Math.min(Math.max(round - 1, 0), 10);
    long base = Math.min(FIRST_RECONNECT_WAIT.toMillis() << shift, MAX_RECONNECT_WAIT.toMillis());
    return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 5 + 1));
  }

  static SSLContext sslContext(NatsSettings settings) {
    try {
      return PemTls.context(settings.tlsCa(), settings.tlsCert(), settings.tlsKey());
    } catch (PemTls.PemException | IOException e) {
      String key =
          settings.tlsCert() != null ? NatsSettings.NATS_TLS_CERT : NatsSettings.NATS_TLS_CA;
      throw new ConfigException(key + " is not valid: " + e.getMessage());
    }
  }

  /** Signs the server's nonce with the user seed; the seed is read at each connect, never kept. */
  private static AuthHandler nkey(NatsSettings settings) {
    return new AuthHandler() {
      private io.nats.client.NKey key() {
        try {
          String text = Files.readString(settings.nkeySeed(), StandardCharsets.UTF_8);
          return io.nats.client.NKey.fromSeed(NatsFiles.seedIn(text).toCharArray());
        } catch (IOException e) {
          throw new IllegalStateException("cannot read NATS_NKEY_SEED " + settings.nkeySeed(), e);
        }
      }

      @Override
      public byte[] sign(byte[] nonce) {
        try {
          io.nats.client.NKey key = key();
          byte[] signed = key.sign(nonce);
          key.clear();
          return signed;
        } catch (java.security.GeneralSecurityException | IOException e) {
          throw new IllegalStateException("cannot sign with NATS_NKEY_SEED", e);
        }
      }

      @Override
      public char[] getID() {
        try {
          io.nats.client.NKey key = key();
          char[] id = key.getPublicKey();
          key.clear();
          return id;
        } catch (java.security.GeneralSecurityException | IOException e) {
          throw new IllegalStateException("cannot read NATS_NKEY_SEED", e);
        }
      }

      @Override
      public char[] getJWT() {
        return null;
      }
    };
  }
}
