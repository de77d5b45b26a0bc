package io.autoagent.tools.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.AgentException;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArgoCdClientTest {

  private final MockWebServer server = new MockWebServer();
  private ArgoCdClient client;
  private String base;

  @BeforeEach
  void start() throws Exception {
    server.start(0);
    base = server.url("/").toString().replaceAll("/$", "");
    client =
        new ArgoCdClient(
            ArgoCdOptions.withToken(base, "t0ken")
                .withTiming(Duration.ofMillis(500), 2, Duration.ofMillis(1)));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    server.close();
  }

  @Test
  void readsAnApplicationWithTheBearerToken() throws Exception {
    server.enqueue(Fixtures.ok(Fixtures.json("application-failed.json")));

    ArgoCdApplication app = client.application("checkout").orElseThrow();

    assertThat(app.syncStatus()).isEqualTo("OutOfSync");
    assertThat(app.health()).isEqualTo("Degraded");
    assertThat(app.operationPhase()).isEqualTo("Failed");
    assertThat(app.operationMessage()).contains("failed to apply");
    assertThat(app.sourcePath()).isEqualTo("apps/checkout");
    assertThat(app.current().orElseThrow().id()).isEqualTo(4);
    assertThat(app.previous().orElseThrow().id()).isEqualTo(3);
    assertThat(app.previous().orElseThrow().initiatedBy()).isEqualTo("automated");
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request.getUrl().encodedPath()).isEqualTo("/api/v1/applications/checkout");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer t0ken");
  }

  @Test
  void retriesA500AndSucceeds() throws Exception {
    // given
    server.enqueue(Fixtures.error(500, "etcdserver: request timed out"));
    server.enqueue(Fixtures.ok(Fixtures.json("application-failed.json")));

    // when
    ArgoCdApplication app = client.application("checkout").orElseThrow();

    // then
    assertThat(app.name()).isEqualTo("checkout");
    assertThat(server.getRequestCount()).isEqualTo(2);
    for (int i = 0; i < 2; i++) {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(r.getMethod()).isEqualTo("GET");
      assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer t0ken");
    }
  }

  @Test
  void answersEmptyForAnApplicationThatDoesNotExist() {
    server.enqueue(Fixtures.error(404, "applications.argoproj.io \"nope\" not found"));

    assertThat(client.application("nope")).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "401, permanent, refused",
    "403, permanent, RBAC",
    "404, permanent, not found",
    "400, permanent, 400",
    "429, retriable, 429",
    "503, retriable, 503"
  })
  void mapsEachStatusToOneExceptionNamingServerAndStatus(int status, String kind, String text) {
    for (int i = 0; i < 3; i++) {
      server.enqueue(Fixtures.error(status, "argo says no"));
    }

    assertThatThrownBy(() -> client.applications())
        .isInstanceOf(
            kind.equals("permanent") ? PermanentException.class : RetriableException.class)
        .hasMessageContaining(base)
        .hasMessageContaining(String.valueOf(status))
        .hasMessageContaining(text)
        .hasMessageContaining("GET /api/v1/applications")
        .hasMessageContaining("argo says no");
    assertThat(server.getRequestCount()).isEqualTo(kind.equals("permanent") ? 1 : 3);
  }

  @Test
  void givesUpWithRetriableAfterTimeouts() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
    }

    assertThatThrownBy(() -> client.application("checkout"))
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining("could not be reached")
        .hasMessageContaining(base);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void answersRetriableWhenTheServerIsDown() throws Exception {
    server.close();

    assertThatThrownBy(() -> client.applications())
        .isInstanceOf(RetriableException.class)
        .hasMessageContaining(base);
  }

  @Test
  void rollbackPostsTheHistoryId() throws Exception {
    server.enqueue(Fixtures.ok(Fixtures.json("application-failed.json")));

    ArgoCdApplication app = client.rollback("checkout", 3, true);

    assertThat(app.name()).isEqualTo("checkout");
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r.getMethod()).isEqualTo("POST");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/applications/checkout/rollback");
    var body = new ObjectMapper().readTree(r.getBody().utf8());
    assertThat(body.path("id").asLong()).isEqualTo(3);
    assertThat(body.path("dryRun").asBoolean()).isTrue();
  }

  @Test
  void syncPostsTheRevisionWithoutPruning() throws Exception {
    server.enqueue(Fixtures.ok(Fixtures.json("application-failed.json")));

    client.sync("checkout", "a1b2c3d", false);

    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/applications/checkout/sync");
    var body = new ObjectMapper().readTree(r.getBody().utf8());
    assertThat(body.path("revision").asText()).isEqualTo("a1b2c3d");
    assertThat(body.path("prune").asBoolean()).isFalse();
    assertThat(body.path("dryRun").asBoolean()).isFalse();
  }

  @Test
  void exchangesUsernameAndPasswordForASessionAndRenewsItOn401() throws Exception {
    // given
    ArgoCdClient session =
        new ArgoCdClient(
            new ArgoCdOptions(
                base,
                null,
                "admin",
                "s3cret",
                null,
                false,
                Duration.ofSeconds(2),
                0,
                Duration.ofMillis(1),
                null));
    server.enqueue(Fixtures.ok("{\"token\":\"first\"}"));
    server.enqueue(Fixtures.error(401, "token is expired"));
    server.enqueue(Fixtures.ok("{\"token\":\"second\"}"));
    server.enqueue(Fixtures.ok(Fixtures.json("application-failed.json")));

    // when
    ArgoCdApplication app = session.application("checkout").orElseThrow();
    session.close();

    // then
    assertThat(app.name()).isEqualTo("checkout");
    RecordedRequest login = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(login.getUrl().encodedPath()).isEqualTo("/api/v1/session");
    assertThat(new ObjectMapper().readTree(login.getBody().utf8()).path("username").asText())
        .isEqualTo("admin");
    assertThat(login.getHeaders().get("Authorization")).isNull();
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
        .isEqualTo("Bearer first");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getUrl().encodedPath())
        .isEqualTo("/api/v1/session");
    assertThat(server.takeRequest(5, TimeUnit.SECONDS).getHeaders().get("Authorization"))
        .isEqualTo("Bearer second");
  }

  @Test
  void aRefusedStaticTokenIsPermanentAndNotRetried() {
    server.enqueue(Fixtures.error(401, "invalid session: token signature is invalid"));

    AgentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            AgentException.class, () -> client.application("x"));

    assertThat(e).isInstanceOf(PermanentException.class).hasMessageContaining("ARGOCD_AUTH_TOKEN");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void optionsNeverPrintSecrets() {
    ArgoCdOptions o =
        new ArgoCdOptions(
            "argocd.example.com", "t0ken", null, null, null, false, null, 3, null, null);

    assertThat(o.toString()).doesNotContain("t0ken").contains("****");
    assertThat(o.server()).isEqualTo("https://argocd.example.com");
  }
}
