package io.autoagent.guardian.advisor;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.llm.LlmClient;
import io.autoagent.core.llm.LlmClients;
import io.autoagent.core.llm.LlmConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The advisor as the runtime wires it: the shared {@link LlmClient}, the threads the deadline needs
 * and the {@link GuardedAdvisor} on top. Without a provider ({@code LLM_PROVIDER=none}, no key) the
 * advisor is {@link GuardedAdvisor#none()}, no thread is started and {@link #connectionState()} is
 * {@code disabled}. {@link #close} releases threads and connections.
 */
public final class AdvisorConnection implements AutoCloseable {

  private final LlmClient client;
  private final ExecutorService executor;
  private final GuardedAdvisor advisor;

  private AdvisorConnection(LlmClient client, ExecutorService executor, GuardedAdvisor advisor) {
    this.client = client;
    this.executor = executor;
    this.advisor = advisor;
  }

  /**
   * @param deadline how long a decision waits for advice ({@code GUARDIAN_ADVISOR_TIMEOUT_MS}); the
   *     LLM call itself is given no longer, so an abandoned call does not linger
   * @param registry for the LLM layer's own metrics
   * @param metrics counts advisor outcomes
   */
  public static AdvisorConnection create(
      LlmConfig config,
      Duration deadline,
      MeterRegistry registry,
      Clock clock,
      ObjectMapper mapper,
      AdvisorMetrics metrics) {
    if (!config.enabled()) {
      return new AdvisorConnection(
          LlmClients.create(config, registry, clock), null, GuardedAdvisor.none());
    }
    LlmConfig bounded =
        deadline.isPositive() && deadline.compareTo(config.timeout()) < 0
            ? config.withTimeout(deadline)
            : config;
    LlmClient client = LlmClients.create(bounded, registry, clock);
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    GuardedAdvisor advisor =
        new GuardedAdvisor(
            new GeminiScalingAdvisor(client, bounded, mapper), deadline, executor, metrics);
    return new AdvisorConnection(client, executor, advisor);
  }

  public GuardedAdvisor advisor() {
    return advisor;
  }

  /** {@code connections.llm} of the heartbeat: {@code ok}, {@code down} or {@code disabled}. */
  public String connectionState() {
    return client.state().wire();
  }

  /** {@code provider/model}, or {@code none}. */
  public String describe() {
    return client.enabled() ? client.provider() + "/" + client.model() : "none";
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
    client.close();
  }
}
