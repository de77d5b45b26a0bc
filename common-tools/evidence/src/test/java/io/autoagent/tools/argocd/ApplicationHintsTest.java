package io.autoagent.tools.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The Argo CD application the live workload's tracking annotation names is the one queried. */
class ApplicationHintsTest {

  @Test
  void readsTheApplicationFromTheTrackingAnnotation() {
    assertThat(
            ApplicationHints.fromMetadata(
                Map.of("argocd.argoproj.io/tracking-id", "shop-frontend:apps/Deployment:shop/web"),
                Map.of("app.kubernetes.io/instance", "web")))
        .contains("shop-frontend");
    assertThat(
            ApplicationHints.fromMetadata(
                Map.of(
                    "argocd.argoproj.io/tracking-id",
                    "argocd-apps_shop-frontend:apps/Deployment:shop/web"),
                null))
        .as("applications in any namespace prefix theirs")
        .contains("shop-frontend");
  }

  @Test
  void fallsBackToTheInstanceLabelAndOtherwiseNamesNone() {
    assertThat(
            ApplicationHints.fromMetadata(
                null, Map.of("app.kubernetes.io/instance", "shop-frontend")))
        .contains("shop-frontend");
    assertThat(
            ApplicationHints.fromMetadata(
                Map.of("argocd.argoproj.io/tracking-id", "garbage"), Map.of()))
        .isEmpty();
    assertThat(ApplicationHints.fromMetadata(Map.of(), Map.of("app", "web"))).isEmpty();
  }

  @Test
  void queriesTheHintedApplicationBeforeTheServiceName() throws Exception {
    // given: the service is "web", the live object's tracking annotation names "shop-frontend"
    List<String> asked = new ArrayList<>();
    try (MockWebServer server = new MockWebServer()) {
      server.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              String path = request.getUrl().encodedPath();
              asked.add(path);
              return path.equals("/api/v1/applications/shop-frontend")
                  ? Fixtures.ok(
                      Fixtures.json("application-failed.json")
                          .replace("\"checkout\"", "\"shop-frontend\""))
                  : Fixtures.error(404, "not found");
            }
          });
      server.start(0);
      ArgoCdOptions options =
          ArgoCdOptions.withToken(server.url("/").toString(), "t0ken")
              .withTiming(Duration.ofSeconds(2), 1, Duration.ofMillis(1));
      Instant started = Instant.parse("2026-11-22T10:00:00Z");
      try (ArgoCdEvidenceSource source =
          new ArgoCdEvidenceSource(
              new ArgoCdClient(options),
              options,
              Clock.fixed(started, ZoneOffset.UTC),
              (ns, service) -> Optional.of("shop-frontend"))) {

        // when
        SourceReport report =
            source.collect(
                new Alert(
                    "a-1",
                    "c-1",
                    "web",
                    "shop",
                    Severity.CRITICAL,
                    null,
                    null,
                    Map.of(),
                    null,
                    started,
                    null,
                    null));

        // then
        assertThat(report.status()).isEqualTo(SourceReport.Status.OK);
        assertThat(asked.getFirst()).isEqualTo("/api/v1/applications/shop-frontend");
        assertThat(report.findings())
            .anySatisfy(
                f ->
                    assertThat(f.attributes())
                        .containsEntry(Finding.ATTR_ARGOCD_APPLICATION, "shop-frontend"));
      }
    }
  }
}
