package io.autoagent.tools.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.AgentException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which application manages a workload, asked of a MockWebServer Argo CD at request time. */
class ArgoCdWorkloadsTest {

  private final MockWebServer server = new MockWebServer();
  private final AtomicInteger lists = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicReference<java.time.Instant> now =
      new java.util.concurrent.atomic.AtomicReference<>(
          java.time.Instant.parse("2026-12-07T10:00:00Z"));
  private ArgoCdWorkloads workloads;

  @BeforeEach
  void start() throws Exception {
    server.start(0);
    ArgoCdOptions options =
        ArgoCdOptions.withToken(server.url("/").toString(), "t0ken")
            .withTiming(Duration.ofSeconds(2), 1, Duration.ofMillis(1));
    java.time.Clock clock =
        new java.time.Clock() {
          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public java.time.Instant instant() {
            return now.get();
          }
        };
    workloads = new ArgoCdWorkloads(new ArgoCdClient(options), clock);
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (!request.getUrl().encodedPath().equals("/api/v1/applications")) {
              return Fixtures.error(404, "not found");
            }
            lists.incrementAndGet();
            return Fixtures.ok(
                """
                {"items": [{"metadata": {"name": "payments-prod", "namespace": "argocd"},
                  "spec": {"destination": {"namespace": "shop"},
                           "source": {"repoURL": "https://github.com/acme/platform.git", "path": "apps/payments"}},
                  "status": {"sync": {"status": "Synced", "revision": "4f1a2b"}, "health": {"status": "Healthy"},
                             "resources": [{"group": "apps", "version": "v1", "kind": "Deployment",
                                            "namespace": "shop", "name": "payments"}]}}]}
                """);
          }
        });
  }

  @AfterEach
  void stop() throws Exception {
    workloads.close();
    server.close();
  }

  @Test
  void findsTheApplicationWhoseResourcesListTheWorkloadAndRemembersIt() {
    // when a runbook request asks about it twice, and about a workload no application manages
    var first = workloads.managing("shop", "payments");
    var again = workloads.managing("shop", "payments");
    var unmanaged = workloads.managing("shop", "cart");

    // then the application is found once and remembered; the other workload is not Argo CD's
    assertThat(first)
        .hasValueSatisfying(state -> assertThat(state.application()).isEqualTo("payments-prod"));
    assertThat(again).isEqualTo(first);
    assertThat(unmanaged).isEmpty();
    assertThat(lists.get()).isEqualTo(2);
  }

  @Test
  void asksArgoCdAgainOnceWhatItRememberedIsOlderThanFiveMinutes() {
    // given: found once
    workloads.managing("shop", "payments");

    // when: asked again just inside, then past, the time it is remembered
    now.set(now.get().plus(ArgoCdWorkloads.REMEMBERED).minusSeconds(1));
    workloads.managing("shop", "payments");
    int withinTime = lists.get();
    now.set(now.get().plusSeconds(2));
    var later = workloads.managing("shop", "payments");

    // then: Argo CD is asked a second time only after it
    assertThat(withinTime).isEqualTo(1);
    assertThat(lists.get()).isEqualTo(2);
    assertThat(later).isPresent();
  }

  @Test
  void saysSoWhenArgoCdCannotBeAsked() throws Exception {
    server.close();

    assertThatThrownBy(() -> workloads.managing("shop", "payments"))
        .isInstanceOf(AgentException.class);
  }
}
