package io.autoagent.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.config.ConfigException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmConfigTest {

  @Test
  void isDisabledWithoutProviderOrKey() {
    LlmConfig config = LlmConfig.fromEnv(Map.of());
    assertThat(config.provider()).isEqualTo(LlmConfig.Provider.NONE);
    assertThat(LlmClients.create(config, new SimpleMeterRegistry()))
        .isSameAs(DisabledLlmClient.INSTANCE);
    assertThat(DisabledLlmClient.INSTANCE.state().wire()).isEqualTo("disabled");
  }

  @Test
  void picksTheProviderWhoseKeyIsPresentWithItsDefaultModel() {
    LlmConfig gemini = LlmConfig.fromEnv(Map.of("GEMINI_API_KEY", "g"));
    assertThat(gemini.provider()).isEqualTo(LlmConfig.Provider.GEMINI);
    assertThat(gemini.model()).isEqualTo("gemini-2.5-flash");
    LlmConfig openai = LlmConfig.fromEnv(Map.of("OPENAI_API_KEY", "o", "GEMINI_API_KEY", "g"));
    assertThat(openai.provider()).isEqualTo(LlmConfig.Provider.OPENAI);
    assertThat(openai.analyzerName()).isEqualTo("llm/openai/gpt-4.1-mini");
  }

  @Test
  void noneWinsOverAPresentKey() {
    assertThat(LlmConfig.fromEnv(Map.of("LLM_PROVIDER", "none", "OPENAI_API_KEY", "o")).enabled())
        .isFalse();
  }

  @Test
  void readsDefaults() {
    LlmConfig c = LlmConfig.fromEnv(Map.of("OPENAI_API_KEY", "o"));
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.redact()).isTrue();
    assertThat(c.anonymize()).isFalse();
    assertThat(c.maxInputTokens()).isEqualTo(LlmConfig.DEFAULT_MAX_INPUT_TOKENS);
    assertThat(c.budgetTokens()).isEqualTo(LlmConfig.DEFAULT_BUDGET_TOKENS);
  }

  @Test
  void allowsAKeylessOpenAiCompatibleServer() {
    LlmConfig c =
        LlmConfig.fromEnv(
            Map.of(
                "LLM_PROVIDER",
                "openai",
                "OPENAI_BASE_URL",
                "http://ollama:11434/v1",
                "OPENAI_MODEL",
                "llama3.1"));
    assertThat(c.apiKey()).isNull();
    assertThat(c.analyzerName()).isEqualTo("llm/openai/llama3.1");
  }

  @Test
  void namesTheMissingKey() {
    assertThatThrownBy(() -> LlmConfig.fromEnv(Map.of("LLM_PROVIDER", "gemini")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("GEMINI_API_KEY is not set");
    assertThatThrownBy(() -> LlmConfig.fromEnv(Map.of("LLM_PROVIDER", "openai")))
        .hasMessageStartingWith("OPENAI_API_KEY is not set");
  }

  @Test
  void namesTheBadVariable() {
    assertThatThrownBy(() -> LlmConfig.fromEnv(Map.of("LLM_PROVIDER", "claude")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("LLM_PROVIDER=claude");
    assertThatThrownBy(() -> LlmConfig.fromEnv(Map.of("OPENAI_API_KEY", "o", "LLM_TIMEOUT_S", "0")))
        .hasMessageStartingWith("LLM_TIMEOUT_S=0");
    assertThatThrownBy(
            () -> LlmConfig.fromEnv(Map.of("OPENAI_API_KEY", "o", "LLM_REDACT", "maybe")))
        .hasMessageStartingWith("LLM_REDACT=maybe");
    assertThatThrownBy(
            () -> LlmConfig.fromEnv(Map.of("OPENAI_API_KEY", "o", "OPENAI_BASE_URL", "ftp://x")))
        .hasMessageStartingWith("OPENAI_BASE_URL=ftp://x");
  }

  @Test
  void hidesTheKeyInToString() {
    assertThat(LlmConfig.fromEnv(Map.of("OPENAI_API_KEY", "sk-very-secret")).toString())
        .doesNotContain("sk-very-secret")
        .contains("apiKey=****");
  }
}
