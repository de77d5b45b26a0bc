package io.autoagent.guardian.prometheus;

import io.autoagent.core.AgentException;
import java.util.Objects;

/**
 * Whether Prometheus answers, for the heartbeat's {@code connections.prometheus}: a trivial instant
 * query ({@code vector(1)}) once per monitoring interval. The signal reader itself degrades
 * silently, so without this probe an unreachable Prometheus would go unnoticed.
 */
public final class PrometheusHealth {

  private final PrometheusClient client;
  private volatile String state = "ok";

  public PrometheusHealth(PrometheusClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  /** Queries once; never throws. */
  public void check() {
    try {
      client.query("vector(1)");
      state = "ok";
    } catch (AgentException | IllegalStateException e) {
      state = "down";
    }
  }

  /** {@code ok} or {@code down}. */
  public String state() {
    return state;
  }
}
