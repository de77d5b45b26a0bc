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
import io.nats.client.api.ObjectInfo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
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
    ObjectStoreArchiveStore store =
        ObjectStoreArchiveStore.open(nc, "incident-archives", Duration.ofDays(7));
    Clock clock = Clock.fixed(Instant.parse("2025-03-04T10:00:00Z"), ZoneOffset.UTC);
    IncidentArchiver archiver = new IncidentArchiver(store, new Redactor(), clock);
    Alert alert =
        new Alert(
            "a-42",
            "c-1",
            "payments",
            "shop",
            Severity.CRITICAL,
            "CrashLoopBackOff",
            "down",
            null,
            null,
            null,
            null,
            null);
    Finding finding =
        new Finding(
            Category.CRASH_LOOP,
            Severity.CRITICAL,
            "Pod/shop/payments-1",
            "payments exits on start",
            List.of("log: connecting with DB_PASSWORD=" + SECRET));
    Evidence evidence =
        new Evidence(
            alert, List.of(SourceReport.ok("kubernetes", List.of(finding), List.of(), null)));
    RootCause cause = new RootCause(Category.CRASH_LOOP, "bad database password", 0.9);

    // when
    String key =
        archiver.archive(
            evidence, cause, "{\"alert_id\":\"a-42\",\"env\":{\"password\":\"" + SECRET + "\"}}");

    // then
    assertThat(key).isEqualTo("shop/payments/CrashLoopBackOff/2025-03-04/payments-1.json");
    String text = new String(store.get(key).orElseThrow(), StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(SECRET).contains("[REDACTED]");
    JsonNode bundle = new ObjectMapper().readTree(text);
    assertThat(bundle.path("alert").path("alert_id").asText()).isEqualTo("a-42");
    assertThat(bundle.path("findings").get(0).path("evidence").get(0).asText())
        .startsWith("log: connecting with");
    assertThat(bundle.path("analysis").path("alert_id").asText()).isEqualTo("a-42");
    assertThat(bundle.path("reports").get(0).path("source").asText()).isEqualTo("kubernetes");
    assertThat(
            nc.objectStoreManagement().getStatus("incident-archives").getConfiguration().getTtl())
        .isEqualTo(Duration.ofDays(7));
    assertThat(store.get("shop/payments/CrashLoopBackOff/2025-03-04/none.json")).isEmpty();
    // the owning alert is kept in the object's headers, so telling it needs no read of the archive
    assertThat(
            nc.objectStore("incident-archives")
                .getInfo(key)
                .getHeaders()
                .getFirst("Autoagent-Alert-Id"))
        .isEqualTo("a-42");
    assertThat(store.alertIdAt(key)).contains("a-42");
    assertThat(store.alertIdAt("shop/payments/CrashLoopBackOff/2025-03-04/none.json")).isEmpty();
  }

  @Test
  void keepsASecondIncidentOnTheSamePodTheSameDayBesideTheFirst() throws Exception {
    // given two alerts about the same crash-looping pod on one day
    ObjectStoreArchiveStore store =
        ObjectStoreArchiveStore.open(nc, "archives-repeat", Duration.ZERO);
    Clock clock = Clock.fixed(Instant.parse("2025-03-05T08:00:00Z"), ZoneOffset.UTC);
    IncidentArchiver archiver = new IncidentArchiver(store, new Redactor(), clock);
    RootCause cause = new RootCause(Category.CRASH_LOOP, "crash loop", 0.9);

    // when the first is archived, then the second, then the first again (a redelivery)
    String first = archiver.archive(crashLoopingPod("a-1"), cause, "{\"alert_id\":\"a-1\"}");
    String second = archiver.archive(crashLoopingPod("a-2"), cause, "{\"alert_id\":\"a-2\"}");
    String again =
        archiver.archive(crashLoopingPod("a-1"), cause, "{\"alert_id\":\"a-1\",\"again\":true}");

    // then the first keeps the pod's name, the second sits beside it, the redelivery replaces its
    // own
    String folder = "shop/payments/CrashLoopBackOff/2025-03-05/";
    assertThat(first).isEqualTo(folder + "payments-7d9f-x2x4q.json");
    assertThat(second).isEqualTo(folder + "payments-7d9f-x2x4q_a-2.json");
    assertThat(again).isEqualTo(first);
    assertThat(store.get(first).map(b -> new String(b, StandardCharsets.UTF_8)).orElseThrow())
        .contains("\"again\":true");
    assertThat(store.get(second).map(b -> new String(b, StandardCharsets.UTF_8)).orElseThrow())
        .contains("a-2");
    assertThat(nc.objectStore("archives-repeat").getList())
        .extracting(ObjectInfo::getObjectName)
        .containsExactlyInAnyOrder(first, second);
  }

  @Test
  void keepsAnAlertIdThatNoHeaderCouldCarryAsIs() {
    // given an alert id with non-ASCII characters and a line break (the contract allows any string)
    ObjectStoreArchiveStore store =
        ObjectStoreArchiveStore.open(nc, "archives-unicode", Duration.ZERO);
    IncidentArchiver archiver =
        new IncidentArchiver(
            store,
            new Redactor(),
            Clock.fixed(Instant.parse("2025-03-06T08:00:00Z"), ZoneOffset.UTC));
    RootCause cause = new RootCause(Category.CRASH_LOOP, "crash loop", 0.9);
    String id = "alerte-\u00e9t\u00e9\r\n/\u2603";

    // when it is archived, then archived again (a redelivery)
    String first = archiver.archive(crashLoopingPod(id), cause, "{}");
    String again = archiver.archive(crashLoopingPod(id), cause, "{}");

    // then the store names its owner exactly, and the redelivery replaces its own bundle
    assertThat(store.alertIdAt(first)).contains(id);
    assertThat(again).isEqualTo(first).endsWith("/payments-7d9f-x2x4q.json");
  }

  private static Evidence crashLoopingPod(String alertId) {
    Alert alert =
        new Alert(
            alertId,
            "c-1",
            "payments",
            "shop",
            Severity.HIGH,
            "CrashLoopBackOff",
            null,
            null,
            null,
            null,
            null,
            null);
    Finding finding =
        new Finding(
            Category.CRASH_LOOP,
            Severity.HIGH,
            "Pod/shop/payments-7d9f-x2x4q",
            "payments exits on start",
            List.of(),
            Map.of(Finding.ATTR_POD, "payments-7d9f-x2x4q"));
    return new Evidence(
        alert, List.of(SourceReport.ok("kubernetes", List.of(finding), List.of(), null)));
  }
}
