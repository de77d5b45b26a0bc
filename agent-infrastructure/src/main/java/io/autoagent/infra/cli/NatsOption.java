package io.autoagent.infra.cli;

import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import io.autoagent.core.config.NatsSettings;
import io.autoagent.core.messaging.NatsOptions;
import io.nats.client.Options;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The NATS settings every command that talks to NATS takes (a picocli mixin): the agents'
 * environment variables ({@code NATS_URL}, {@code NATS_CREDS}, {@code NATS_TLS_CA}, ... as in
 * {@link NatsSettings}), each file setting also as an option that overrides its variable. Secrets
 * (token, password) come only from the environment or files, never from the command line.
 */
public final class NatsOption {

  /** The connection name CLI commands show in {@code nats server report connections}. */
  static final String CONNECTION_NAME = "infrastructure-agent-cli";

  @Option(
      names = "--nats-url",
      defaultValue = "${env:NATS_URL:-nats://127.0.0.1:4222}",
      description =
          "NATS server(s), comma-separated nats:// or tls:// URLs (default: NATS_URL, else ${DEFAULT-VALUE}).")
  String url;

  @Option(names = "--nats-creds", description = "NATS .creds file (default: NATS_CREDS).")
  String creds;

  @Option(
      names = "--nats-nkey-seed",
      description = "File holding an NKey user seed (default: NATS_NKEY_SEED).")
  String nkeySeed;

  @Option(
      names = "--nats-tls-ca",
      description = "PEM bundle of the CAs to trust (default: NATS_TLS_CA).")
  String tlsCa;

  @Option(
      names = "--nats-tls-cert",
      description = "PEM client certificate for mutual TLS (default: NATS_TLS_CERT).")
  String tlsCert;

  @Option(
      names = "--nats-tls-key",
      description = "PEM key of --nats-tls-cert (default: NATS_TLS_KEY).")
  String tlsKey;

  @Option(names = "--nats-js-domain", description = "JetStream domain (default: NATS_JS_DOMAIN).")
  String jsDomain;

  /** The environment with this command's options laid over it. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(NatsSettings.NATS_URL, url);
    put(env, NatsSettings.NATS_CREDS, creds);
    put(env, NatsSettings.NATS_NKEY_SEED, nkeySeed);
    put(env, NatsSettings.NATS_TLS_CA, tlsCa);
    put(env, NatsSettings.NATS_TLS_CERT, tlsCert);
    put(env, NatsSettings.NATS_TLS_KEY, tlsKey);
    put(env, NatsSettings.NATS_JS_DOMAIN, jsDomain);
    return env;
  }

  private static void put(Map<String, String> env, String key, String value) {
    if (value != null) {
      env.put(key, value);
    }
  }

  /** The settings; a bad one throws {@link ConfigException} naming it (the command exits 2). */
  NatsSettings settings() {
    return NatsSettings.fromEnv(new Env(env()), url, CONNECTION_NAME);
  }

  /**
   * Connection options for a short-lived CLI connection: the agents' settings, a few reconnects.
   */
  Options options() {
    return NatsOptions.builder(settings()).maxReconnects(5).build();
  }

  /** The servers, without user information, for messages. */
  String servers() {
    return url == null ? "" : url.replaceAll("//[^@/]*@", "//");
  }
}
