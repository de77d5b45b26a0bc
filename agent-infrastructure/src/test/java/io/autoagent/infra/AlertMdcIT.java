package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.EvidenceSource;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.analysis.WorkloadState;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The alert's id, namespace and workload are in the MDC of every log line written for it, also on
 * the evidence sources' threads (the analysis executor carries the MDC into each task).
 */
class AlertMdcIT {

  /** A source that logs from the thread it is called on, as the real sources do when they warn. */
  private static final class LoggingSource implements EvidenceSource {
    private static final org.slf4j.Logger log = LoggerFactory.getLogger(LoggingSource.class);

    @Override
    public String name() {
      return "kubernetes";
    }

    @Override
    public SourceReport collect(Alert alert) {
      log.info("collecting for {}", alert.alertId());
      return SourceReport.ok(
          "kubernetes",
          List.of(),
          List.of(),
          new WorkloadState(
              "Deployment",
              alert.service(),
              1,
              1,
              1,
              1,
              Map.of("app", "shop/app:1"),
              "1",
              "complete",
              null,
              Map.of()));
    }
  }

  private static AgentFixture fixture;
  private static final ListAppender<ILoggingEvent> events = new ListAppender<>();
  private static final Logger sourceLog = (Logger) LoggerFactory.getLogger(LoggingSource.class);

  @BeforeAll
  static void start() throws Exception {
    events.start();
    sourceLog.addAppender(events);
    fixture = new AgentFixture();
    fixture.startAgent(
        fixture.env(),
        List.of(
            new LoggingSource(),
            new SkippedSource("git", "GIT_REPO_PATH is not set"),
            new SkippedSource("argocd", "ARGOCD_SERVER is not set")));
  }

  @AfterAll
  static void stop() throws Exception {
    sourceLog.detachAppender(events);
    fixture.close();
  }

  @Test
  void evidenceSourceLogLinesCarryTheAlertIdNamespaceAndWorkload() throws Exception {
    // given
    String caller = Thread.currentThread().getName();

    // when an alert is analysed
    fixture.publishAlert(
        "mdc-1",
        "{\"service\":\"checkout\",\"namespace\":\"shop\",\"reason\":\"CrashLoopBackOff\"}");
    fixture.awaitAnalysis("mdc-1");

    // then the source's line, written on an executor thread, says which alert it belongs to
    await().atMost(Duration.ofSeconds(10)).until(() -> !events.list.isEmpty());
    ILoggingEvent line =
        events.list.stream()
            .filter(e -> e.getFormattedMessage().equals("collecting for mdc-1"))
            .findFirst()
            .orElseThrow();
    assertThat(line.getThreadName()).isNotEqualTo(caller);
    assertThat(line.getMDCPropertyMap())
        .containsEntry("alert_id", "mdc-1")
        .containsEntry("namespace", "shop")
        .containsEntry("workload", "checkout");
    fixture.assertEverythingPublishedIsValid();
  }
}
