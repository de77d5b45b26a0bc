package io.autoagent.infra.cli;

import io.nats.client.Options;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --nats-url}, shared by the commands that talk to NATS (a picocli mixin). */
public final class NatsOption {

  @Option(names = "--nats-url", defaultValue = "${env:NATS_URL:-nats://127.0.0.1:4222}",
      description = "NATS server (default: NATS_URL, else ${DEFAULT-VALUE}).")
  String url;

  /** Connection options for a short-lived CLI connection: the servers given, 5 s to connect. */
  Options options() {
    return Options.builder().servers(url.split(",")).connectionTimeout(Duration.ofSeconds(5)).build();
  }
}
