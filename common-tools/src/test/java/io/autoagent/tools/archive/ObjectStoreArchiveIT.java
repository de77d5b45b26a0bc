package io.autoagent.tools.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.llm.Redactor;
import io.autoagent.core.testing.NatsTestServer;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Archives in a JetStream object store on a real nats-server (Debian 2.9.10 here). */
class ObjectStoreArchiveIT {

  private static final String SECRET = "hunter2-Sup3rSecret";
  private static NatsTestServer nats;
  private static Connection nc;

  @BeforeAll
  static void startNats() throws Exception {
    nats = NatsTestServer.start();
    nc = Nats.connect(nats.url());
  }

  @AfterAll
  static void stopNats() throws Exception {
    nc.close();
    nats.close();
  }

  @Test
  void storesARedactedBundleAtTheDatedKeyAndReadsItBack() throws Exception {
    // given an analysis whose evidence quotes a log line with a password
    ObjectStoreArchiveStore store = ObjectStoreArchiveStore.open(nc, "incident-archives", Duration.ofDays(7));
    Clock clock = Clock.fixed(Instant.parse("2025-03-04T10:00:00Z"), ZoneOffset.UTC);
    IncidentArchiver archiver = new IncidentArchiver(store, new Redactor(), clock);
    Alert alert = new Alert("a-42", "c-1", "payments", "shop", Severity.CRITICAL, "CrashLoopBackOff", "down",
        null, null, null, null, null);
    Finding finding = new Finding(Category.CRASH_LOOP, Severity.CRITICAL, "Pod/shop/payments-1",
        "payments exits on start", List.of("log: connecting with DB_PASSWORD=" + SECRET));
    Evidence evidence = new Evidence(alert, List.of(SourceReport.ok("kubernetes", List.of(finding), List.of(), null)));
    RootCause cause = new RootCause(Category.CRASH_LOOP, "bad database password", 0.9);

    // when
    String key = archiver.archive(evidence, cause,
        "{\"alert_id\":\"a-42\",\"env\":{\"password\":\"" + SECRET + "\"}}");

    // then
    assertThat(key).isEqualTo("shop/payments/CrashLoopBackOff/2025-03-04/a-42.json");
    String text = new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(SECRET).contains("[REDACTED]");
    JsonNode bundle = new ObjectMapper().readTree(text);
    assertThat(bundle.path("alert").path("alert_id").asText()).isEqualTo("a-42");
    assertThat(bundle.path("findings").get(0).path("evidence").get(0).asText()).startsWith("log: connecting with");
    assertThat(bundle.path("analysis").path("alert_id").asText()).isEqualTo("a-42");
    assertThat(bundle.path("reports").get(0).path("source").asText()).isEqualTo("kubernetes");
    assertThat(nc.objectStoreManagement().getStatus("incident-archives").getConfiguration().getTtl())
        .isEqualTo(Duration.ofDays(7));
    assertThat(store.get("shop/payments/CrashLoopBackOff/2025-03-04/none.json")).isEmpty();
  }
}
