package io.autoagent.tools.analysis.llm;

import io.autoagent.core.llm.LlmClient;
import io.autoagent.core.llm.LlmClients;
import io.autoagent.core.llm.LlmConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;

/**
 * Builds an {@link LlmAnalyzer} from the environment; {@code LLM_PROVIDER=none} gives a rules-only
 * one.
 */
public final class LlmAnalyzers {

  private LlmAnalyzers() {}

  /**
   * Reads {@link LlmConfig} from {@code env} and builds the provider's client with metrics on
   * {@code registry}. Throws {@link io.autoagent.core.config.ConfigException} naming a bad
   * variable.
   */
  public static LlmAnalyzer fromEnv(Map<String, String> env, MeterRegistry registry) {
    return create(LlmConfig.fromEnv(env), registry, Clock.systemUTC(), SecretValues.NONE);
  }

  public static LlmAnalyzer create(
      LlmConfig config, MeterRegistry registry, Clock clock, SecretValues secrets) {
    return create(config, LlmClients.create(config, registry, clock), registry, clock, secrets);
  }

  /** With an existing client, for example one shared with the Ops Guardian. */
  public static LlmAnalyzer create(
      LlmConfig config,
      LlmClient client,
      MeterRegistry registry,
      Clock clock,
      SecretValues secrets) {
    return new LlmAnalyzer(client, config, secrets, new AnalysisMetrics(registry), clock);
  }
}
