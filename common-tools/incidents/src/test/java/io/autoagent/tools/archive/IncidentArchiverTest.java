package io.autoagent.tools.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.PermanentException;
import io.autoagent.core.llm.Redactor;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which pod names an archive: the last segment of its key. */
class IncidentArchiverTest {

  private static final RootCause OOM = new RootCause(Category.OOM_KILLED, "out of memory", 0.9);
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-03-04T10:00:00Z"), ZoneOffset.UTC);

  /** Archives in memory, with the owner reads it was asked for. */
  private static final class MemoryStore implements ArchiveStore {
    final Map<String, byte[]> stored = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> reads = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Map<String, String> hashes = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void put(String key, byte[] json) {
      stored.put(key, json);
    }

    @Override
    public void put(String key, byte[] json, String alertId, String evidenceHash) {
      stored.put(key, json);
      hashes.put(key, evidenceHash);
    }

    @Override
    public Optional<Owner> ownerAt(String key) {
      return get(key).map(bundle -> new Owner(ArchiveStore.alertIdIn(bundle), hashes.get(key)));
    }

    @Override
    public Optional<String> alertIdAt(String key) {
      reads.add(key);
      return ArchiveStore.super.alertIdAt(key);
    }

    @Override
    public Optional<byte[]> get(String key) {
      return Optional.ofNullable(stored.get(key));
    }

    String text(String key) {
      return new String(stored.get(key), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static Evidence evidence(Map<String, String> labels, Finding... findings) {
    Alert alert =
        new Alert(
            "a-1",
            "c-1",
            "payments",
            "shop",
            Severity.HIGH,
            "OOMKilled",
            null,
            labels,
            null,
            null,
            null,
            null);
    return new Evidence(
        alert, List.of(SourceReport.ok("kubernetes", List.of(findings), List.of(), null)));
  }

  private static Finding finding(
      Category category, String resource, Map<String, String> attributes) {
    return new Finding(category, Severity.HIGH, resource, "m", List.of(), attributes);
  }

  @Test
  void prefersThePodOfAFindingOfTheRootCausesCategory() {
    Evidence evidence =
        evidence(
            Map.of("pod", "from-label"),
            finding(
                Category.CRASH_LOOP, "Pod/shop/crashing-1", Map.of(Finding.ATTR_POD, "crashing-1")),
            finding(Category.OOM_KILLED, "Pod/shop/oom-2", Map.of(Finding.ATTR_POD, "oom-2")));

    assertThat(IncidentArchiver.failingPod(evidence, OOM)).isEqualTo("oom-2");
  }

  @Test
  void takesAnyFindingsPodInTheAlertsNamespaceWhenNoneOfTheCategoryNamesOne() {
    Evidence evidence =
        evidence(
            Map.of(),
            finding(Category.OOM_KILLED, "Deployment/shop/payments", Map.of()),
            finding(
                Category.NODE_PRESSURE,
                "Pod/other/elsewhere-1",
                Map.of(Finding.ATTR_POD, "elsewhere-1")),
            finding(Category.CRASH_LOOP, "Pod/shop/crashing-1", Map.of()));

    assertThat(IncidentArchiver.failingPod(evidence, OOM)).isEqualTo("crashing-1");
  }

  @Test
  void fallsBackToTheAlertsPodLabelThenToNothing() {
    Finding workloadOnly = finding(Category.OOM_KILLED, "Deployment/shop/payments", Map.of());

    assertThat(
            IncidentArchiver.failingPod(evidence(Map.of("pod", "payments-abc"), workloadOnly), OOM))
        .isEqualTo("payments-abc");
    assertThat(IncidentArchiver.failingPod(evidence(Map.of(), workloadOnly), OOM)).isNull();
  }

  @Test
  void neverOverwritesWhenThePodsPlainNameCannotBeRead() {
    // given a store that refuses reads, as S3 does (403) for a missing key without s3:ListBucket
    List<String> written = new ArrayList<>();
    ArchiveStore readDenied =
        new ArchiveStore() {
          @Override
          public void put(String key, byte[] json) {
            written.add(key);
          }

          @Override
          public Optional<byte[]> get(String key) {
            throw new PermanentException(
                "cannot read archive from S3 bucket b key " + key + ": HTTP 403 AccessDenied");
          }
        };
    IncidentArchiver archiver = new IncidentArchiver(readDenied, new Redactor(), CLOCK);
    Evidence evidence =
        evidence(Map.of(), finding(Category.OOM_KILLED, "Pod/shop/oom-2", Map.of()));

    // when
    String key = archiver.archive(evidence, OOM, "{}");

    // then
    assertThat(key).isEqualTo("shop/payments/OOMKilled/2025-03-04/oom-2_a-1.json");
    assertThat(written).containsExactly(key);
  }

  @Test
  void redactsEveryArchiveAlikeWhetherItsStringsWereSeenBeforeOrNot() {
    // given an in-memory store and a log line with a credential, archived for several alerts
    MemoryStore memory = new MemoryStore();
    IncidentArchiver archiver = new IncidentArchiver(memory, new Redactor(), CLOCK);
    String secret = "hunter2-" + "x".repeat(12);
    Finding leaky =
        new Finding(
            Category.OOM_KILLED,
            Severity.HIGH,
            "Pod/shop/oom-2",
            "m",
            List.of(
                "log: DB_PASSWORD=" + secret,
                "log: connecting to postgres://app:" + secret + "@db:5432/app"),
            Map.of());

    // when the same evidence is archived three times (the later ones served from remembered
    // redactions)
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String key =
          archiver.archive(evidence(Map.of(), leaky), OOM, "{\"password\":\"" + secret + "\"}");
      texts.add(memory.text(key));
    }

    // then none holds the secret, and all redact it the same way
    assertThat(texts)
        .allSatisfy(
            t ->
                assertThat(t)
                    .doesNotContain(secret)
                    .contains("DB_PASSWORD=[REDACTED]")
                    .contains("postgres://app:[REDACTED]@db"));
    assertThat(texts.get(1)).isEqualTo(texts.get(2));
    assertThat(archiver.redact("log: DB_PASSWORD=" + secret))
        .isEqualTo(new Redactor().redact("log: DB_PASSWORD=" + secret));
  }

  @Test
  void readsAPlainNamesOwnerOnceAndNeverOverwritesAnotherAlertsBundle() {
    // given an in-memory store that counts metadata reads
    MemoryStore memory = new MemoryStore();
    IncidentArchiver archiver = new IncidentArchiver(memory, new Redactor(), CLOCK);
    Finding oom = finding(Category.OOM_KILLED, "Pod/shop/oom-2", Map.of());

    // when alerts a-1, a-2 and a-3 about the same pod are archived, then a-1 is delivered again
    List<String> keys = new ArrayList<>();
    for (String id : List.of("a-1", "a-2", "a-3", "a-1")) {
      keys.add(archiver.archive(evidenceOf(id, oom), OOM, "{}"));
    }

    // then the first keeps the plain name, the others sit beside it, the redelivery replaces its
    // own
    String folder = "shop/payments/OOMKilled/2025-03-04/";
    assertThat(keys)
        .containsExactly(
            folder + "oom-2.json",
            folder + "oom-2_a-2.json",
            folder + "oom-2_a-3.json",
            folder + "oom-2.json");
    // and the plain name's owner was read once, when this process first met it
    assertThat(memory.reads).containsExactly(folder + "oom-2.json");

    // when another replica, which has not met the name, archives a fourth alert
    String other =
        new IncidentArchiver(memory, new Redactor(), CLOCK)
            .archive(evidenceOf("a-4", oom), OOM, "{}");

    // then it reads the owner and leaves a-1's bundle alone
    assertThat(other).isEqualTo(folder + "oom-2_a-4.json");
    assertThat(ArchiveStore.alertIdIn(memory.stored.get(folder + "oom-2.json"))).isEqualTo("a-1");
    assertThat(memory.stored).hasSize(4);
  }

  private static Evidence evidenceOf(String alertId, Finding... findings) {
    Alert alert =
        new Alert(
            alertId,
            "c-1",
            "payments",
            "shop",
            Severity.HIGH,
            "OOMKilled",
            null,
            Map.of(),
            null,
            null,
            null,
            null);
    return new Evidence(
        alert, List.of(SourceReport.ok("kubernetes", List.of(findings), List.of(), null)));
  }

  @Test
  void keepsEachFactOnceWhenThePublishedAnalysisCarriesTheEvidence() throws Exception {
    // given an analysis published with its findings (one quoting a credential) and changes
    MemoryStore memory = new MemoryStore();
    IncidentArchiver archiver = new IncidentArchiver(memory, new Redactor(), CLOCK);
    String secret = "hunter2-" + "x".repeat(12);
    Finding leaky =
        new Finding(
            Category.OOM_KILLED,
            Severity.HIGH,
            "Pod/shop/oom-2",
            "m",
            List.of("log: DB_PASSWORD=" + secret),
            Map.of(Finding.ATTR_POD, "oom-2"));
    Evidence evidence = evidence(Map.of("team", "payments"), leaky);
    com.fasterxml.jackson.databind.ObjectMapper mapper = io.autoagent.core.json.Json.newMapper();
    com.fasterxml.jackson.databind.node.ObjectNode published =
        mapper.createObjectNode().put("alert_id", "a-1");
    published.set("root_cause", mapper.valueToTree(OOM));
    published.set("findings", mapper.valueToTree(evidence.findings()));
    published.set("changes", mapper.valueToTree(evidence.changes()));

    // when
    String key = archiver.archive(evidence, OOM, published);

    // then the bundle is the alert, the analysis as published, and the reports without what it
    // carries
    String text = memory.text(key);
    com.fasterxml.jackson.databind.JsonNode bundle = mapper.readTree(text);
    assertThat(bundle.fieldNames()).toIterable().containsExactly("alert", "reports", "analysis");
    assertThat(bundle.path("alert").path("labels").path("team").asText()).isEqualTo("payments");
    assertThat(bundle.path("reports").get(0).path("source").asText()).isEqualTo("kubernetes");
    assertThat(bundle.path("reports").get(0).has("status")).isTrue();
    assertThat(bundle.path("reports").get(0).has("findings")).isFalse();
    assertThat(bundle.path("analysis").path("findings").get(0).path("evidence").get(0).asText())
        .isEqualTo("log: DB_PASSWORD=[REDACTED]");
    assertThat(bundle.path("analysis").path("root_cause").path("category").asText())
        .isEqualTo("OOM_KILLED");
    // and the quoted log line is stored once, redacted
    assertThat(text).doesNotContain(secret);
    assertThat(text.split("DB_PASSWORD", -1)).hasSize(2);
  }

  @Test
  void makesEveryCharacterOutsideTheSafeSetAnUnderscoreAsTheKeyPatternSays() {
    assertThat(IncidentArchiver.safe("payments-7d9c5b-x2kqp")).isEqualTo("payments-7d9c5b-x2kqp");
    assertThat(IncidentArchiver.safe("a/b c:d")).isEqualTo("a_b_c_d");
    assertThat(IncidentArchiver.safe("alert\uD83D\uDD25id"))
        .as("one character, one underscore")
        .isEqualTo("alert_id");
    assertThat(IncidentArchiver.safe("")).isEqualTo("_");
    assertThat(IncidentArchiver.safe("..")).isEqualTo("_");
    assertThat(IncidentArchiver.safe("./")).isEqualTo("._");
  }

  @Test
  void hashesTheSameEvidenceAlikeWhateverItsCountersAndTimes() {
    // given two alerts of one incident, the pod restarted and the log line stamped again in between
    Finding first =
        new Finding(
            Category.OOM_KILLED,
            Severity.HIGH,
            "Pod/shop/oom-2",
            "restarted 3 times",
            List.of("2025-03-04T10:00:01Z killed: out of memory"),
            Map.of(
                Finding.ATTR_POD,
                "oom-2",
                Finding.ATTR_RESTART_COUNT,
                "3",
                Finding.ATTR_MEMORY_LIMIT,
                "256Mi"));
    Finding later =
        new Finding(
            Category.OOM_KILLED,
            Severity.HIGH,
            "Pod/shop/oom-2",
            "restarted 14 times",
            List.of("2025-03-04T10:07:42Z killed: out of memory"),
            Map.of(
                Finding.ATTR_MEMORY_LIMIT,
                "256Mi",
                Finding.ATTR_RESTART_COUNT,
                "14",
                Finding.ATTR_POD,
                "oom-2"));

    // then their evidence hashes alike
    assertThat(IncidentArchiver.evidenceHash(evidenceOf("a-1", first), OOM))
        .isEqualTo(IncidentArchiver.evidenceHash(evidenceOf("a-2", later), OOM))
        .hasSize(32);
  }

  @Test
  void hashesAnotherLogLineAttributeOrVerdictAsNewEvidence() {
    Finding base =
        new Finding(
            Category.OOM_KILLED,
            Severity.HIGH,
            "Pod/shop/oom-2",
            "m",
            List.of("killed: out of memory"),
            Map.of(Finding.ATTR_MEMORY_LIMIT, "256Mi"));
    Finding otherLine =
        new Finding(
            Category.OOM_KILLED,
            Severity.HIGH,
            "Pod/shop/oom-2",
            "m",
            List.of("killed: heap exhausted"),
            Map.of(Finding.ATTR_MEMORY_LIMIT, "256Mi"));
    Finding otherLimit =
        new Finding(
            Category.OOM_KILLED,
            Severity.HIGH,
            "Pod/shop/oom-2",
            "m",
            List.of("killed: out of memory"),
            Map.of(Finding.ATTR_MEMORY_LIMIT, "512Mi"));
    String hash = IncidentArchiver.evidenceHash(evidenceOf("a-1", base), OOM);

    assertThat(IncidentArchiver.evidenceHash(evidenceOf("a-1", otherLine), OOM)).isNotEqualTo(hash);
    assertThat(IncidentArchiver.evidenceHash(evidenceOf("a-1", otherLimit), OOM))
        .isNotEqualTo(hash);
    assertThat(
            IncidentArchiver.evidenceHash(
                evidenceOf("a-1", base), new RootCause(Category.CRASH_LOOP, "x", 0.5)))
        .isNotEqualTo(hash);
  }

  @Test
  void preparesAnIncidentsEvidenceOnceAndStoresChangedEvidenceBesideTheFirst() {
    // given an archiver over an in-memory store
    MemoryStore memory = new MemoryStore();
    IncidentArchiver archiver = new IncidentArchiver(memory, new Redactor(), CLOCK);
    Finding oom = finding(Category.OOM_KILLED, "Pod/shop/oom-2", Map.of());
    Finding changed =
        new Finding(
            Category.OOM_KILLED, Severity.HIGH, "Pod/shop/oom-2", "other", List.of(), Map.of());

    // when a storm of one incident is prepared and each job queued as it comes
    List<String> keys = new ArrayList<>();
    for (String id : List.of("a-1", "a-2", "a-3")) {
      archiver
          .prepare(evidenceOf(id, oom), OOM, () -> null)
          .ifPresent(
              job -> {
                archiver.queued(job);
                archiver.store(job).ifPresent(keys::add);
              });
    }
    // and then changed evidence arrives with a fourth alert
    archiver
        .prepare(evidenceOf("a-4", changed), OOM, () -> null)
        .flatMap(archiver::store)
        .ifPresent(keys::add);

    // then the storm wrote one bundle under the plain name, the change one beside it
    String folder = "shop/payments/OOMKilled/2025-03-04/";
    assertThat(keys).containsExactly(folder + "oom-2.json", folder + "oom-2_a-4.json");
    assertThat(ArchiveStore.alertIdIn(memory.stored.get(folder + "oom-2.json"))).isEqualTo("a-1");

    // and another process (an agent restarted) storing the storm's evidence again finds it stored
    IncidentArchiver restarted = new IncidentArchiver(memory, new Redactor(), CLOCK);
    assertThat(restarted.prepare(evidenceOf("a-5", oom), OOM, () -> null).flatMap(restarted::store))
        .isEmpty();
    assertThat(memory.stored).hasSize(2);
  }
}
