package io.autoagent.core.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.RetriableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deadline over a whole call, and counting each attempt's outcome once. */
class ResilientLlmClientTest {

  private static final LlmPrompt PROMPT =
      new LlmPrompt(
          "s",
          "u",
          new OutputSchema(
              "verdict", List.of(OutputSchema.Field.string("summary", "one sentence"))),
          64);

  @Test
  void countsAnAbandonedAttemptOnceWhenItsOwnTimeoutFiresToo() throws Exception {
    // given a provider whose HTTP client times out too, as soon as the abandoned call is cancelled
    CountDownLatch failedLate = new CountDownLatch(1);
    LlmClient provider =
        new LlmClient() {
          @Override
          public String provider() {
            return "openai";
          }

          @Override
          public String model() {
            return "m";
          }

          @Override
          public State state() {
            return State.OK;
          }

          @Override
          public LlmReply chat(LlmPrompt prompt) {
            try {
              Thread.sleep(Duration.ofSeconds(30));
              throw new IllegalStateException("not cancelled");
            } catch (InterruptedException e) {
              failedLate.countDown();
              throw new java.io.UncheckedIOException(new HttpTimeoutException("request timed out"));
            }
          }
        };
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    LlmConfig config =
        LlmConfig.fromEnv(
                Map.of("LLM_PROVIDER", "openai", "OPENAI_API_KEY", "k", "LLM_MAX_RETRIES", "0"))
            .withTimeout(Duration.ofMillis(200));
    ResilientLlmClient client =
        new ResilientLlmClient(
            provider, config, new MicrometerLlmMetrics(registry, "openai", "m"), Clock.systemUTC());

    // when the deadline passes
    assertThatThrownBy(() -> client.chat(PROMPT))
        .isInstanceOf(RetriableException.class)
        .hasMessage("openai did not answer within 200 ms");
    assertThat(failedLate.await(5, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(100); // let the abandoned attempt finish failing

    // then the timeout is counted once, and the abandoned attempt counts nothing
    assertThat(
            registry.get(MicrometerLlmMetrics.FAILURES).tag("reason", "timeout").counter().count())
        .isEqualTo(1);
    assertThat(registry.find(MicrometerLlmMetrics.CALLS).counters())
        .allSatisfy(c -> assertThat(c.count()).isZero());
    client.close();
  }
}
