package io.autoagent.guardian.advisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.guardian.calendar.BusinessCalendar;
import io.autoagent.guardian.calendar.CalendarConfig;
import io.autoagent.guardian.signals.WorkloadRef;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AdviceValidatorTest {

  @Test
  void clampsTheTargetToTheBounds() {
    ValidatedAdvice v =
        AdviceValidator.validate(new Advice(40, 0.8, "x"), 9, 2, 10, 4).orElseThrow();

    assertThat(v.target()).isEqualTo(10);
    assertThat(v.adjustments()).anyMatch(a -> a.contains("bounds 2..10"));
  }

  @Test
  void neverGoesBelowOneEvenWithAZeroMinimum() {
    assertThat(
            AdviceValidator.validate(new Advice(-3, 0.8, "x"), 1, 0, 10, 4).orElseThrow().target())
        .isEqualTo(1);
  }

  @Test
  void limitsTheStepInBothDirections() {
    assertThat(
            AdviceValidator.validate(new Advice(9, 0.8, "x"), 3, 1, 10, 1).orElseThrow().target())
        .isEqualTo(4);
    assertThat(
            AdviceValidator.validate(new Advice(1, 0.8, "x"), 8, 1, 10, 2).orElseThrow().target())
        .isEqualTo(6);
  }

  @Test
  void clampsConfidenceToZeroToOne() {
    assertThat(
            AdviceValidator.validate(new Advice(4, 7.0, "x"), 3, 1, 10, 4)
                .orElseThrow()
                .confidence())
        .isEqualTo(1.0);
    assertThat(
            AdviceValidator.validate(new Advice(4, -2.0, "x"), 3, 1, 10, 4)
                .orElseThrow()
                .confidence())
        .isEqualTo(0.0);
  }

  @Test
  void rejectsMalformedAdvice() {
    assertThat(AdviceValidator.validate(new Advice(null, 0.9, "x"), 3, 1, 10, 4)).isEmpty();
    assertThat(AdviceValidator.validate(new Advice(4, null, "x"), 3, 1, 10, 4)).isEmpty();
    assertThat(AdviceValidator.validate(new Advice(4, Double.NaN, "x"), 3, 1, 10, 4)).isEmpty();
    assertThat(AdviceValidator.validate(null, 3, 1, 10, 4)).isEmpty();
  }

  @Test
  void guardedAdvisorGivesUpOnASlowAdvisor() throws InterruptedException {
    // given an advisor that blocks until released
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    ScalingAdvisor slow =
        r -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            interrupted.set(true);
          }
          return Optional.of(new Advice(5, 0.9, "late"));
        };
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      GuardedAdvisor guarded = new GuardedAdvisor(slow, Duration.ofMillis(100), executor);

      // when
      Optional<Advice> advice = guarded.ask(request());

      // then
      assertThat(advice).isEmpty();
      release.countDown();
    } finally {
      executor.shutdown();
      assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(executor::isTerminated);
  }

  private static AdvisorRequest request() {
    return new AdvisorRequest(
        WorkloadRef.of("bank", "frontend"),
        List.of(),
        new BusinessCalendar(CalendarConfig.defaults(), Clock.systemUTC()).now(),
        3,
        4,
        1,
        10,
        2,
        Double.NaN);
  }
}
