package io.autoagent.core.llm;

import io.autoagent.core.config.ConfigException;
import io.autoagent.core.config.Env;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * LLM settings, read by {@link #fromEnv}. {@code toString()} hides the API key.
 *
 * @param provider which provider, resolved from {@code LLM_PROVIDER} or the key that is present
 * @param apiKey the provider's key; null for {@code none} or a keyless OpenAI-compatible server
 * @param model {@code OPENAI_MODEL} / {@code GEMINI_MODEL}
 * @param baseUrl {@code OPENAI_BASE_URL} / {@code GEMINI_BASE_URL}; null for the provider's own
 * @param timeout {@code LLM_TIMEOUT_S}: the most one LLM call may take, retries included
 * @param maxRetries {@code LLM_MAX_RETRIES}: extra attempts after a 429, 5xx or network error
 * @param retryBackoff {@code LLM_RETRY_BACKOFF_MS}: first retry delay, doubled each time
 * @param circuitFailures {@code LLM_CIRCUIT_FAILURES}: failed calls in a row that open the circuit
 * @param circuitOpen {@code LLM_CIRCUIT_OPEN_S}: how long an open circuit skips the LLM
 * @param maxInputTokens {@code LLM_MAX_INPUT_TOKENS}: prompt size; evidence is trimmed to fit
 * @param maxOutputTokens {@code LLM_MAX_OUTPUT_TOKENS}: cap on an answer
 * @param budgetTokens {@code LLM_BUDGET_TOKENS}: tokens one incident may spend, retries included
 * @param redact {@code LLM_REDACT}: redact credentials before anything leaves the process
 * @param anonymize {@code LLM_ANONYMIZE}: mask namespace and workload names, unmask the answer
 * @param cacheTtl {@code LLM_CACHE_TTL_S}: how long an answer for the same evidence is reused
 */
public record LlmConfig(
    Provider provider,
    String apiKey,
    String model,
    String baseUrl,
    Duration timeout,
    int maxRetries,
    Duration retryBackoff,
    int circuitFailures,
    Duration circuitOpen,
    int maxInputTokens,
    int maxOutputTokens,
    int budgetTokens,
    boolean redact,
    boolean anonymize,
    Duration cacheTtl) {

  public static final String LLM_PROVIDER = "LLM_PROVIDER";
  public static final String OPENAI_API_KEY = "OPENAI_API_KEY";
  public static final String OPENAI_MODEL = "OPENAI_MODEL";
  public static final String OPENAI_BASE_URL = "OPENAI_BASE_URL";
  public static final String GEMINI_API_KEY = "GEMINI_API_KEY";
  public static final String GEMINI_MODEL = "GEMINI_MODEL";
  public static final String GEMINI_BASE_URL = "GEMINI_BASE_URL";
  public static final String LLM_TIMEOUT_S = "LLM_TIMEOUT_S";
  public static final String LLM_MAX_RETRIES = "LLM_MAX_RETRIES";
  public static final String LLM_RETRY_BACKOFF_MS = "LLM_RETRY_BACKOFF_MS";
  public static final String LLM_CIRCUIT_FAILURES = "LLM_CIRCUIT_FAILURES";
  public static final String LLM_CIRCUIT_OPEN_S = "LLM_CIRCUIT_OPEN_S";
  public static final String LLM_MAX_INPUT_TOKENS = "LLM_MAX_INPUT_TOKENS";
  public static final String LLM_MAX_OUTPUT_TOKENS = "LLM_MAX_OUTPUT_TOKENS";
  public static final String LLM_BUDGET_TOKENS = "LLM_BUDGET_TOKENS";
  public static final String LLM_REDACT = "LLM_REDACT";
  public static final String LLM_ANONYMIZE = "LLM_ANONYMIZE";
  public static final String LLM_CACHE_TTL_S = "LLM_CACHE_TTL_S";

  /** Fast, inexpensive, non-reasoning, with strict JSON-schema output and a 1M-token context. */
  public static final String DEFAULT_OPENAI_MODEL = "gpt-4.1-mini";

  /** Google's generally available price-performance model with {@code responseSchema} support. */
  public static final String DEFAULT_GEMINI_MODEL = "gemini-2.5-flash";

  public static final int DEFAULT_TIMEOUT_S = 30;
  public static final int DEFAULT_MAX_RETRIES = 2;
  public static final int DEFAULT_RETRY_BACKOFF_MS = 500;
  public static final int DEFAULT_CIRCUIT_FAILURES = 5;
  public static final int DEFAULT_CIRCUIT_OPEN_S = 60;
  public static final int DEFAULT_MAX_INPUT_TOKENS = 8000;
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 1024;
  public static final int DEFAULT_BUDGET_TOKENS = 24000;
  public static final int DEFAULT_CACHE_TTL_S = 600;

  /** LLM providers. */
  public enum Provider {
    OPENAI,
    GEMINI,
    NONE;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public LlmConfig {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(retryBackoff, "retryBackoff");
    Objects.requireNonNull(circuitOpen, "circuitOpen");
    Objects.requireNonNull(cacheTtl, "cacheTtl");
  }

  /** No provider: the agent uses its rules only. */
  public static LlmConfig disabled() {
    return fromEnv(new Env(Map.of(LLM_PROVIDER, "none")));
  }

  public static LlmConfig fromEnv(Map<String, String> vars) {
    return fromEnv(new Env(vars));
  }

  /** Reads and validates; throws {@link ConfigException} naming the first bad variable. */
  public static LlmConfig fromEnv(Env env) {
    Provider provider = provider(env);
    String apiKey =
        switch (provider) {
          case OPENAI -> env.get(OPENAI_API_KEY);
          case GEMINI -> env.get(GEMINI_API_KEY);
          case NONE -> null;
        };
    String baseUrl =
        switch (provider) {
          case OPENAI -> env.url(OPENAI_BASE_URL, null, Set.of("http", "https"));
          case GEMINI -> env.url(GEMINI_BASE_URL, null, Set.of("http", "https"));
          case NONE -> null;
        };
    requireKey(provider, apiKey, baseUrl);
    return new LlmConfig(
        provider,
        apiKey,
        switch (provider) {
          case OPENAI -> env.get(OPENAI_MODEL, DEFAULT_OPENAI_MODEL);
          case GEMINI -> env.get(GEMINI_MODEL, DEFAULT_GEMINI_MODEL);
          case NONE -> "none";
        },
        baseUrl,
        Duration.ofSeconds(env.integer(LLM_TIMEOUT_S, DEFAULT_TIMEOUT_S, 1, 600)),
        env.integer(LLM_MAX_RETRIES, DEFAULT_MAX_RETRIES, 0, 10),
        Duration.ofMillis(env.integer(LLM_RETRY_BACKOFF_MS, DEFAULT_RETRY_BACKOFF_MS, 0, 60_000)),
        env.integer(LLM_CIRCUIT_FAILURES, DEFAULT_CIRCUIT_FAILURES, 1, 1000),
        Duration.ofSeconds(env.integer(LLM_CIRCUIT_OPEN_S, DEFAULT_CIRCUIT_OPEN_S, 1, 86_400)),
        env.integer(LLM_MAX_INPUT_TOKENS, DEFAULT_MAX_INPUT_TOKENS, 500, 1_000_000),
        env.integer(LLM_MAX_OUTPUT_TOKENS, DEFAULT_MAX_OUTPUT_TOKENS, 64, 100_000),
        env.integer(LLM_BUDGET_TOKENS, DEFAULT_BUDGET_TOKENS, 1000, 10_000_000),
        env.bool(LLM_REDACT, true),
        env.bool(LLM_ANONYMIZE, false),
        Duration.ofSeconds(env.integer(LLM_CACHE_TTL_S, DEFAULT_CACHE_TTL_S, 0, 86_400)));
  }

  /** {@code LLM_PROVIDER} when set, else the provider whose key is present (OpenAI first). */
  private static Provider provider(Env env) {
    String named = env.oneOf(LLM_PROVIDER, null, Set.of("openai", "gemini", "none"));
    if (named != null) {
      return Provider.valueOf(named.toUpperCase(Locale.ROOT));
    }
    if (env.get(OPENAI_API_KEY) != null) {
      return Provider.OPENAI;
    }
    return env.get(GEMINI_API_KEY) != null ? Provider.GEMINI : Provider.NONE;
  }

  /** A key is required, except for an OpenAI-compatible server of one's own (Ollama, vLLM). */
  private static void requireKey(Provider provider, String apiKey, String baseUrl) {
    if (apiKey != null) {
      return;
    }
    if (provider == Provider.OPENAI && baseUrl == null) {
      throw new ConfigException(
          OPENAI_API_KEY
              + " is not set: required with LLM_PROVIDER=openai unless "
              + OPENAI_BASE_URL
              + " names a server that needs no key");
    }
    if (provider == Provider.GEMINI) {
      throw new ConfigException(GEMINI_API_KEY + " is not set: required with LLM_PROVIDER=gemini");
    }
  }

  public boolean enabled() {
    return provider != Provider.NONE;
  }

  /** Value of {@code analyzer} for verdicts from this model: {@code llm/<provider>/<model>}. */
  public String analyzerName() {
    return "llm/" + provider.wire() + "/" + model;
  }

  public LlmConfig withTimeout(Duration value) {
    return new LlmConfig(
        provider,
        apiKey,
        model,
        baseUrl,
        value,
        maxRetries,
        retryBackoff,
        circuitFailures,
        circuitOpen,
        maxInputTokens,
        maxOutputTokens,
        budgetTokens,
        redact,
        anonymize,
        cacheTtl);
  }

  public LlmConfig withRetryBackoff(Duration value) {
    return new LlmConfig(
        provider,
        apiKey,
        model,
        baseUrl,
        timeout,
        maxRetries,
        value,
        circuitFailures,
        circuitOpen,
        maxInputTokens,
        maxOutputTokens,
        budgetTokens,
        redact,
        anonymize,
        cacheTtl);
  }

  @Override
  public String toString() {
    return "LlmConfig[provider="
        + provider.wire()
        + ", model="
        + model
        + ", baseUrl="
        + baseUrl
        + ", apiKey="
        + (apiKey == null ? "unset" : "****")
        + ", timeout="
        + timeout
        + ", maxRetries="
        + maxRetries
        + ", circuitFailures="
        + circuitFailures
        + ", circuitOpen="
        + circuitOpen
        + ", maxInputTokens="
        + maxInputTokens
        + ", maxOutputTokens="
        + maxOutputTokens
        + ", budgetTokens="
        + budgetTokens
        + ", redact="
        + redact
        + ", anonymize="
        + anonymize
        + ", cacheTtl="
        + cacheTtl
        + "]";
  }
}
