package io.autoagent.core.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * Builds the {@link LlmClient} a configuration asks for: {@link DisabledLlmClient} for {@code
 * none}, else the provider's LangChain4j chat model behind retries, a deadline, a circuit breaker
 * and metrics on the given registry.
 */
public final class LlmClients {

  private LlmClients() {}

  public static LlmClient create(LlmConfig config, MeterRegistry registry) {
    return create(config, registry, Clock.systemUTC());
  }

  /** As {@link #create(LlmConfig, MeterRegistry)}, with the circuit breaker's clock. */
  public static LlmClient create(LlmConfig config, MeterRegistry registry, Clock clock) {
    if (!config.enabled()) {
      return DisabledLlmClient.INSTANCE;
    }
    String provider = config.provider().wire();
    LlmClient provided =
        new LangChain4jLlmClient(
            provider,
            config.model(),
            chatModel(config, clock),
            config.provider() == LlmConfig.Provider.OPENAI
                && LangChain4jLlmClient.isOpenAiReasoningModel(config.model()));
    LlmMetrics metrics =
        registry == null
            ? LlmMetrics.NOOP
            : new MicrometerLlmMetrics(registry, provider, config.model());
    return new ResilientLlmClient(provided, config, metrics, clock);
  }

  private static ChatModel chatModel(LlmConfig config, Clock clock) {
    return switch (config.provider()) {
      case OPENAI -> {
        OpenAiChatModel.OpenAiChatModelBuilder b =
            OpenAiChatModel.builder()
                // a keyless OpenAI-compatible server (Ollama, vLLM) ignores the header
                .apiKey(config.apiKey() == null ? "unused" : config.apiKey())
                .modelName(config.model())
                .timeout(config.timeout())
                .maxRetries(0)
                .httpClientBuilder(new RetryAfterHttpClient.Builder(clock))
                .strictJsonSchema(true);
        if (config.baseUrl() != null) {
          b.baseUrl(config.baseUrl());
        }
        yield b.build();
      }
      case GEMINI -> {
        GoogleAiGeminiChatModel.GoogleAiGeminiChatModelBuilder b =
            GoogleAiGeminiChatModel.builder()
                .apiKey(config.apiKey())
                .modelName(config.model())
                .timeout(config.timeout())
                .httpClientBuilder(new RetryAfterHttpClient.Builder(clock))
                .maxRetries(0);
        if (config.baseUrl() != null) {
          b.baseUrl(config.baseUrl());
        }
        yield b.build();
      }
      case NONE -> throw new IllegalArgumentException("no provider");
    };
  }
}
