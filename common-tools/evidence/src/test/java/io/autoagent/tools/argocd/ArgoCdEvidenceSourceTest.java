package io.autoagent.tools.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArgoCdEvidenceSourceTest {

  private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");
  private final MockWebServer server = new MockWebServer();
  private ArgoCdEvidenceSource source;

  @BeforeEach
  void start() throws Exception {
    server.start(0);
    ArgoCdOptions options =
        ArgoCdOptions.withToken(server.url("/").toString(), "t0ken")
            .withTiming(Duration.ofSeconds(2), 1, Duration.ofMillis(1));
    source =
        new ArgoCdEvidenceSource(
            new ArgoCdClient(options), options, Clock.fixed(STARTED, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    server.close();
  }

  private void answer(Function<String, MockResponse> byPath) {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return byPath.apply(request.getUrl().encodedPath());
          }
        });
  }

  private static Alert alert(String service, Map<String, String> labels) {
    return new Alert(
        "a-1",
        "c-1",
        service,
        "shop",
        Severity.CRITICAL,
        "CrashLoopBackOff",
        null,
        labels,
        null,
        STARTED,
        null,
        null);
  }

  @Test
  void reportsAFailedSyncWithItsMessageHistoryAndDrift() {
    // given
    answer(
        path ->
            switch (path) {
              case "/api/v1/applications/checkout" ->
                  Fixtures.ok(Fixtures.json("application-failed.json"));
              case "/api/v1/applications/checkout/managed-resources" ->
                  Fixtures.ok(Fixtures.json("managed-resources.json"));
              default -> Fixtures.error(404, "not found");
            });

    // when
    SourceReport report = source.collect(alert("checkout", Map.of()));

    // then
    assertThat(report.status()).isEqualTo(SourceReport.Status.OK);
    Finding failed =
        report.findings().stream()
            .filter(f -> f.category() == Category.SYNC_FAILED)
            .findFirst()
            .orElseThrow();
    assertThat(failed.message()).contains("checkout").contains("failed to apply");
    assertThat(failed.attributes())
        .containsEntry(Finding.ATTR_ARGOCD_APPLICATION, "checkout")
        .containsEntry(Finding.ATTR_PREVIOUS_REVISION, "4");
    Finding drift =
        report.findings().stream()
            .filter(f -> f.category() == Category.CONFIG_DRIFT)
            .findFirst()
            .orElseThrow();
    assertThat(drift.evidence())
        .contains(
            "replicas: declared 3, live 1",
            "containers[app].image: declared registry.example.com/checkout:1.5, live registry.example.com/checkout:1.4-hotfix");
    assertThat(drift.evidence())
        .anyMatch(e -> e.startsWith("containers[app].env.LOG_LEVEL"))
        .noneMatch(e -> e.contains("debug") || e.contains("info"))
        .noneMatch(e -> e.contains("memory") || e.contains("Probe"));
    // history 4 is 20 minutes before the alert, history 3 two days before: outside the 24 h
    // lookback
    assertThat(report.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.source()).isEqualTo("argocd");
              assertThat(c.revision()).isEqualTo("b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5");
              assertThat(c.author()).isEqualTo("alice");
              assertThat(c.time()).isEqualTo(Instant.parse("2026-11-22T09:40:30Z"));
              assertThat(c.summary()).contains("history 4").contains("previously history 3");
            });
    // the application's state travels in the report (the source keeps none)
    assertThat(report.sync())
        .isEqualTo(
            new ArgoCdState(
                    "checkout",
                    "OutOfSync",
                    "Degraded",
                    "Failed",
                    "one or more objects failed to apply, reason: Deployment.apps \"checkout\" is invalid",
                    4L,
                    3L)
                .toSync());
  }

  @Test
  void findsTheApplicationThroughTheResourceTreeWhenNoNameMatches() {
    answer(
        path ->
            switch (path) {
              case "/api/v1/applications" -> Fixtures.ok(Fixtures.json("application-list.json"));
              case "/api/v1/applications/shop-frontend/resource-tree" ->
                  Fixtures.ok(Fixtures.json("resource-tree.json"));
              default -> Fixtures.error(404, "not found");
            });

    SourceReport report = source.collect(alert("frontend", Map.of()));

    assertThat(report.status()).isEqualTo(SourceReport.Status.OK);
    assertThat(report.findings()).isEmpty();
    assertThat(report.sync())
        .satisfies(
            s -> {
              assertThat(s.application()).isEqualTo("shop-frontend");
              assertThat(s.health()).isEqualTo("Healthy");
            });
  }

  @Test
  void findsTheApplicationByTheInstanceLabel() {
    answer(
        path ->
            path.equals("/api/v1/applications/checkout")
                ? Fixtures.ok(
                    Fixtures.json("application-failed.json")
                        .replace("\"OutOfSync\", \"revision\"", "\"Synced\", \"revision\""))
                : Fixtures.error(404, "not found"));

    SourceReport report =
        source.collect(alert("checkout-api", Map.of("app_kubernetes_io_instance", "checkout")));

    assertThat(report.findings())
        .extracting(Finding::category)
        .containsExactly(Category.SYNC_FAILED);
  }

  @Test
  void isSkippedWhenNoApplicationManagesTheService() {
    answer(
        path ->
            path.equals("/api/v1/applications")
                ? Fixtures.ok(Fixtures.json("application-list.json"))
                : path.endsWith("/resource-tree")
                    ? Fixtures.ok("{\"nodes\":[]}")
                    : Fixtures.error(404, "not found"));

    SourceReport report = source.collect(alert("payments", Map.of()));

    assertThat(report.status()).isEqualTo(SourceReport.Status.SKIPPED);
    assertThat(report.detail()).contains("no Argo CD application").contains("shop/payments");
  }

  @Test
  void isUnavailableWhenArgoCdIsDown() throws Exception {
    server.close();

    SourceReport report = source.collect(alert("checkout", Map.of()));

    assertThat(report.status()).isEqualTo(SourceReport.Status.UNAVAILABLE);
    assertThat(report.wireStatus()).isEqualTo("unavailable");
    assertThat(source.healthy()).isFalse();
  }

  @Test
  void reportsAnErrorNamingTheServerWhenTheTokenIsRefused() {
    answer(path -> Fixtures.error(401, "invalid session"));

    SourceReport report = source.collect(alert("checkout", Map.of()));

    assertThat(report.status()).isEqualTo(SourceReport.Status.ERROR);
    assertThat(report.detail())
        .contains(server.url("/").toString().replaceAll("/$", ""))
        .contains("401");
  }
}
