package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.EvidenceSource;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.RulesAnalyzer;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.analysis.llm.LlmAnalyzers;
import io.autoagent.tools.git.ChangeCorrelator;
import io.autoagent.tools.runbook.LibraryRunbookPlanner;
import io.autoagent.tools.runbook.RunbookLibrary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ANALYSIS_REUSE_MS}: a repeated alert is answered from the analysis made moments before
 * only while every source's state token is unchanged, the window has not passed and that analysis
 * was whole; everything else collects again.
 */
class AnalysisReuseTest {

  private static final Duration WINDOW = Duration.ofMillis(1000);

  @TempDir Path runbooks;

  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Source source = new Source();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  /** A source that counts its collections; its token and answer are set by the test. */
  static final class Source implements EvidenceSource {
    final AtomicInteger collects = new AtomicInteger();
    final AtomicInteger tokensAsked = new AtomicInteger();
    volatile Object token = "state-1";
    volatile boolean available = true;

    /** The first collections that answer unavailable. */
    volatile int unavailableFirst;

    volatile String message = "back-off restarting failed container";
    volatile CountDownLatch gate;

    /** Set as the token while collecting (a live read failed, the namespace changed). */
    volatile Object tokenAfterCollecting;

    @Override
    public String name() {
      return "kubernetes";
    }

    @Override
    public Object stateToken(Alert alert) {
      tokensAsked.incrementAndGet();
      return token;
    }

    @Override
    public SourceReport collect(Alert alert) {
      int n = collects.incrementAndGet();
      CountDownLatch g = gate;
      if (g != null) {
        try {
          g.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (tokenAfterCollecting != null) {
        token = tokenAfterCollecting;
      }
      if (!available || n <= unavailableFirst) {
        return SourceReport.unavailable(name(), "connection refused");
      }
      return SourceReport.ok(
          name(),
          List.of(
              new Finding(
                  Category.CRASH_LOOP,
                  Severity.HIGH,
                  "pod/" + alert.service() + "-1",
                  message,
                  List.of(message))),
          List.of(),
          null);
    }
  }

  private AnalysisService service(Duration window, EvidenceSource... sources) {
    return new AnalysisService(
        List.of(sources),
        new ChangeCorrelator(Duration.ofHours(1)),
        new RulesAnalyzer(),
        LlmAnalyzers.fromEnv(Map.of(), new SimpleMeterRegistry()),
        new LibraryRunbookPlanner(RunbookLibrary.fromDirectory(runbooks)),
        Duration.ofSeconds(10),
        window,
        executor,
        nanos::get);
  }

  private static Alert alert(String id, String summary) {
    return alert(id, summary, Alert.Mode.ANALYZE);
  }

  private static Alert alert(String id, String summary, Alert.Mode mode) {
    return new Alert(
        id,
        "corr-" + id,
        "checkout",
        "shop",
        Severity.HIGH,
        "KubePodCrashLooping",
        summary,
        Map.of("alertname", "KubePodCrashLooping"),
        Map.of(),
        null,
        Map.of("pod", "checkout-1"),
        mode);
  }

  @Test
  void aRepeatWithinTheWindowIsAnsweredFromTheFirstAnalysisUnderItsOwnIds() throws Exception {
    AnalysisService analysis = service(WINDOW, source, new SkippedSource("git", "not set"));

    IncidentReport first = analysis.analyze(alert("a-1", "crash looping"));
    nanos.addAndGet(WINDOW.toNanos() / 2);
    IncidentReport second = analysis.analyze(alert("a-2", "crash looping"));

    assertThat(source.collects).hasValue(1);
    assertThat(analysis.reusedTotal()).isEqualTo(1);
    assertThat(second.alert().alertId()).isEqualTo("a-2");
    assertThat(second.alert().correlationId()).isEqualTo("corr-a-2");
    assertThat(first.alert().alertId()).isEqualTo("a-1");
    assertThat(second.diagnosis()).isEqualTo(first.diagnosis());
    assertThat(second.plan()).isEqualTo(first.plan());
    assertThat(second.evidence().reports()).isEqualTo(first.evidence().reports());
    assertThat(second.remediation()).isEqualTo(IncidentReport.Remediation.NONE);
  }

  @Test
  void aChangedSourceStateOrAnotherAlertContentCollectsAgain() throws Exception {
    AnalysisService analysis = service(WINDOW, source);
    analysis.analyze(alert("a-1", "crash looping"));

    source.token = "state-2"; // e.g. a pod of the namespace changed in the informer cache
    source.message = "OOMKilled";
    IncidentReport afterChange = analysis.analyze(alert("a-2", "crash looping"));
    assertThat(source.collects).hasValue(2);
    assertThat(afterChange.evidence().reports().getFirst().findings().getFirst().message())
        .isEqualTo("OOMKilled");

    analysis.analyze(alert("a-3", "crash looping, other summary"));
    assertThat(source.collects).hasValue(3);

    analysis.analyze(alert("a-4", "crash looping")); // the same as a-2, state unchanged
    assertThat(source.collects).hasValue(3);
    assertThat(analysis.reusedTotal()).isEqualTo(1);
  }

  @Test
  void theWindowBoundsHowOldAReusedAnalysisMayBe() throws Exception {
    AnalysisService analysis = service(WINDOW, source);
    analysis.analyze(alert("a-1", "crash looping"));

    nanos.addAndGet(WINDOW.toNanos() + 1);
    analysis.analyze(alert("a-2", "crash looping"));
    assertThat(source.collects).hasValue(2);

    nanos.addAndGet(WINDOW.toNanos()); // exactly the window after a-2's analysis: still reused
    analysis.analyze(alert("a-3", "crash looping"));
    assertThat(source.collects).hasValue(2);
  }

  @Test
  void expiredAnalysesAreForgottenByTheNextAlert() throws Exception {
    AnalysisService analysis = service(WINDOW, source);
    for (int i = 0; i < 50; i++) {
      analysis.analyze(alert("a-" + i, "crash looping, variant " + i));
    }
    assertThat(analysis.reusableNow()).isEqualTo(50);

    nanos.addAndGet(WINDOW.toNanos() * 2);
    analysis.analyze(alert("b-1", "another alert"));
    assertThat(analysis.reusableNow()).isEqualTo(1);
  }

  @Test
  void aDegradedAnalysisIsNeverReused() throws Exception {
    AnalysisService analysis = service(WINDOW, source);
    source.available = false;
    IncidentReport first = analysis.analyze(alert("a-1", "crash looping"));
    assertThat(first.status()).isEqualTo(AnalysisStatus.PARTIAL);

    source.available = true; // the source is back: the repeat must say so, token unchanged
    IncidentReport second = analysis.analyze(alert("a-2", "crash looping"));
    assertThat(source.collects).hasValue(2);
    assertThat(second.status()).isEqualTo(AnalysisStatus.COMPLETED);
    assertThat(analysis.reusedTotal()).isZero();
  }

  @Test
  void aSourceThatCannotTellItsStateMakesEveryAnalysisFresh() throws Exception {
    AnalysisService analysis = service(WINDOW, source);
    source.token = null; // e.g. Argo CD or git, or Kubernetes read straight from the API
    analysis.analyze(alert("a-1", "crash looping"));
    analysis.analyze(alert("a-2", "crash looping"));
    assertThat(source.collects).hasValue(2);
  }

  @Test
  void aZeroWindowTurnsReuseOff() throws Exception {
    AnalysisService analysis = service(Duration.ZERO, source);
    analysis.analyze(alert("a-1", "crash looping"));
    analysis.analyze(alert("a-2", "crash looping"));
    assertThat(source.collects).hasValue(2);
    assertThat(analysis.reusedTotal()).isZero();
  }

  @Test
  void identicalAlertsArrivingTogetherShareOneAnalysis() throws Exception {
    AnalysisService analysis = service(WINDOW, source);
    source.gate = new CountDownLatch(1);
    List<Future<IncidentReport>> answers = new ArrayList<>();
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        String id = "a-" + i;
        answers.add(callers.submit(() -> analysis.analyze(alert(id, "crash looping"))));
      }
      // every caller has asked for the state, so all arrived while the first was in flight
      await().until(() -> source.tokensAsked.get() >= 8 && source.collects.get() >= 1);
      source.gate.countDown();
      for (int i = 0; i < answers.size(); i++) {
        assertThat(answers.get(i).get().alert().alertId()).isEqualTo("a-" + i);
      }
    }
    assertThat(source.collects).hasValue(1);
    assertThat(analysis.reusedTotal()).isEqualTo(7);
  }

  @Test
  void anAnalysisThatAsksForRemediationIsNotSharedWithOneThatDoesNot() throws Exception {
    // given an analysis of the alert in analyze mode
    AnalysisService analysis = service(WINDOW, source);
    analysis.analyze(alert("a-1", "crash looping", Alert.Mode.ANALYZE));

    // when the same alert asks for remediation
    IncidentReport remediate =
        analysis.analyze(alert("a-2", "crash looping", Alert.Mode.REMEDIATE));

    // then it gets its own analysis and plan
    assertThat(source.collects).hasValue(2);
    assertThat(remediate.alert().mode()).isEqualTo(Alert.Mode.REMEDIATE);
  }

  @Test
  void alertsThatWaitedForAnAnalysisThatCannotBeReusedEachGetAWholeOne() throws Exception {
    // given a first analysis in flight whose source will answer unavailable
    AnalysisService analysis = service(WINDOW, source);
    source.unavailableFirst = 1;
    source.gate = new CountDownLatch(1);
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<IncidentReport> first =
          callers.submit(() -> analysis.analyze(alert("a-0", "crash looping")));
      await().until(() -> source.collects.get() == 1);
      // and three repeats waiting for it
      List<Future<IncidentReport>> waiters = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        String id = "a-" + i;
        waiters.add(callers.submit(() -> analysis.analyze(alert(id, "crash looping"))));
      }
      await().until(() -> source.tokensAsked.get() >= 4);

      // when the first ends, degraded
      source.gate.countDown();

      // then it is partial, and every repeat ran its own analysis, whole
      assertThat(first.get().status()).isEqualTo(AnalysisStatus.PARTIAL);
      for (Future<IncidentReport> waiter : waiters) {
        assertThat(waiter.get().status()).isEqualTo(AnalysisStatus.COMPLETED);
      }
    }
    assertThat(source.collects).hasValue(4);
    assertThat(analysis.reusedTotal()).isZero();
  }

  @Test
  void anAnalysisDuringWhichTheStateMovedIsNotReused() throws Exception {
    // given an analysis during which its source's state moved (e.g. a live read failed)
    AnalysisService analysis = service(WINDOW, source);
    source.tokenAfterCollecting = "state-2";
    analysis.analyze(alert("a-1", "crash looping"));

    // when the same alert repeats, the state steady now
    source.tokenAfterCollecting = null;
    analysis.analyze(alert("a-2", "crash looping"));
    analysis.analyze(alert("a-3", "crash looping"));

    // then the first was not handed on; the second was
    assertThat(source.collects).hasValue(2);
    assertThat(analysis.reusedTotal()).isEqualTo(1);
  }
}
