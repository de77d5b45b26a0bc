package io.autoagent.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

  @Test
  void staysClosedBelowTheThreshold() {
    breaker.failure();
    breaker.failure();
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.phase()).isEqualTo(CircuitBreaker.Phase.CLOSED);
  }

  @Test
  void aSuccessResetsTheCountOfFailuresInARow() {
    breaker.failure();
    breaker.failure();
    breaker.success();
    breaker.failure();
    breaker.failure();
    assertThat(breaker.phase()).isEqualTo(CircuitBreaker.Phase.CLOSED);
  }

  @Test
  void letsOnlyOneProbeThroughWhenHalfOpen() {
    // given
    for (int i = 0; i < 3; i++) {
      breaker.failure();
    }
    assertThat(breaker.tryAcquire()).isFalse();
    // when
    clock.advance(Duration.ofSeconds(30));
    // then
    assertThat(breaker.tryAcquire()).isTrue();
    assertThat(breaker.tryAcquire()).isFalse();
    assertThat(breaker.phase()).isEqualTo(CircuitBreaker.Phase.HALF_OPEN);
  }
}
