package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.testing.Schemas;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Diagnosis;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Plan;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.Severity;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.analysis.SyncState;
import io.autoagent.tools.analysis.WorkloadState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The wire documents made from an {@link IncidentReport}, serialised once by the agent's mapper:
 * the same JSON the hand-built trees gave before they became records (the expected texts below are
 * what that code published for the same reports), and valid against the contract's schemas.
 */
class AnalysisDocumentsTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:15:00Z"), ZoneOffset.UTC);
  private static final String ENVELOPE =
      "\"correlation_id\":\"c-1\",\"source\":\"infrastructure-agent\","
          + "\"timestamp\":\"2026-11-22T10:15:00Z\",\"schema_version\":\"1.1\",";
  private static final Alert ALERT =
      new Alert(
          "a-1",
          "c-1",
          "payments",
          "prod",
          Severity.CRITICAL,
          "CrashLoopBackOff",
          "pods restarting",
          Map.of("team", "core"),
          Map.of(),
          Instant.parse("2026-11-22T10:00:00Z"),
          Map.of(),
          Alert.Mode.REMEDIATE);
  private static final RootCause CRASH = new RootCause(Category.CRASH_LOOP, "crash", 0.8);

  private final ObjectMapper mapper = Json.newMapper();
  private final AnalysisDocuments documents =
      new AnalysisDocuments(new Envelopes(mapper, "infrastructure-agent", CLOCK));

  @Test
  void analysisOfAPartialVerdictCarriesEveryBlockAndTheSourcesDetails() throws Exception {
    // given a verdict with one source down and a dry-run remediation
    IncidentReport report =
        analysed()
            .withRemediation(new IncidentReport.Remediation("dry_run", "x-1", "would restart"));

    // when
    String json = new String(Json.bytes(mapper, documents.analysis(report)));

    // then
    assertSameJson(
        json,
        "{\"message_id\":\"analysis-a-1\","
            + ENVELOPE.replace("\"source\"", "\"type\":\"infrastructure_analysis\",\"source\"")
            + "\"alert_id\":\"a-1\",\"service\":\"payments\",\"namespace\":\"prod\",\"status\":\"partial\","
            + "\"root_cause\":{\"category\":\"CRASH_LOOP\",\"summary\":\"crash\",\"confidence\":0.8},"
            + "\"workload\":{\"kind\":\"Deployment\",\"name\":\"payments\"},"
            + "\"findings\":[{\"category\":\"CRASH_LOOP\",\"severity\":\"high\",\"resource\":\"Pod/p-1\",\"message\":\"restarting\","
            + "\"evidence\":[\"l1\"],\"attributes\":{\"container\":\"app\"}}],"
            + "\"changes\":[{\"source\":\"git\",\"revision\":\"abc1234567\",\"author\":\"Bob\",\"time\":\"2026-11-22T09:50:00Z\","
            + "\"summary\":\"image app: a -> b\",\"files\":[\"x.yaml\"]}],"
            + "\"recommendations\":[{\"runbook_id\":\"restart\",\"title\":\"Restart\",\"reason\":\"fits\",\"risk\":\"low\","
            + "\"automatable\":true,\"parameters\":{\"n\":1}}],"
            + "\"remediation\":{\"mode\":\"dry_run\",\"execution_id\":\"x-1\",\"detail\":\"would restart\"},"
            + "\"sources\":{\"kubernetes\":\"ok\",\"git\":\"ok\",\"argocd\":\"unavailable\",\"llm\":\"skipped\"},"
            + "\"source_details\":{\"argocd\":\"down\",\"llm\":\"no key\"},\"analyzer\":\"rules\",\"duration_ms\":42}");
    Schemas.assertValid(ContractSchemas.ANALYSIS, json);
  }

  @Test
  void deploymentTakesArgoCdStateFromTheEvidence() throws Exception {
    // when
    String json = new String(Json.bytes(mapper, documents.deployment(analysed())));

    // then
    assertSameJson(
        json,
        "{\"message_id\":\"deployment-a-1\","
            + ENVELOPE.replace("\"source\"", "\"type\":\"deployment_analysis\",\"source\"")
            + "\"alert_id\":\"a-1\",\"service\":\"payments\",\"namespace\":\"prod\",\"kind\":\"Deployment\",\"name\":\"payments\","
            + "\"replicas\":{\"desired\":3,\"ready\":1,\"available\":1,\"updated\":2},"
            + "\"images\":[{\"container\":\"app\",\"image\":\"img:1\"}],\"revision\":\"7\",\"rollout_state\":\"progressing\","
            + "\"argocd\":{\"application\":\"payments\",\"sync\":\"OutOfSync\",\"health\":\"Degraded\",\"operation_phase\":\"Failed\","
            + "\"operation_message\":\"boom\",\"current_history_id\":5,\"previous_history_id\":4},"
            + "\"changes\":[{\"source\":\"git\",\"revision\":\"abc1234567\",\"author\":\"Bob\",\"time\":\"2026-11-22T09:50:00Z\","
            + "\"summary\":\"image app: a -> b\",\"files\":[\"x.yaml\"]}],"
            + "\"rollback\":{\"feasible\":true,\"to_revision\":\"6\",\"reason\":\"revision 6 exists\"},"
            + "\"root_cause_category\":\"CRASH_LOOP\"}");
    Schemas.assertValid(ContractSchemas.DEPLOYMENT_ANALYSIS, json);
  }

  @Test
  void aWorkloadNotFoundFailsWithNotFoundAndAnUnknownRollout() throws Exception {
    // given
    Evidence evidence =
        new Evidence(
            ALERT,
            List.of(
                SourceReport.notFound("kubernetes", "no such"),
                SourceReport.skipped("git", "off")));
    Diagnosis notFound = new Diagnosis.NotFound("rules", "no such");
    IncidentReport report =
        new IncidentReport(
            evidence,
            notFound,
            Plan.of(ALERT, notFound, List.of()),
            IncidentReport.Remediation.NONE,
            Duration.ofMillis(3));

    // when
    String analysis = new String(Json.bytes(mapper, documents.analysis(report)));
    String deployment = new String(Json.bytes(mapper, documents.deployment(report)));

    // then
    JsonNode a = mapper.readTree(analysis);
    assertThat(a.path("status").asText()).isEqualTo("failed");
    assertThat(a.has("root_cause")).isFalse();
    assertThat(a.path("remediation")).isEqualTo(mapper.readTree("{\"mode\":\"none\"}"));
    assertThat(a.path("sources"))
        .isEqualTo(
            mapper.readTree("{\"kubernetes\":\"ok\",\"git\":\"skipped\",\"llm\":\"skipped\"}"));
    assertThat(a.path("error"))
        .isEqualTo(mapper.readTree("{\"code\":\"NOT_FOUND\",\"message\":\"no such\"}"));
    assertThat(a.path("findings").isArray() && a.path("findings").isEmpty()).isTrue();
    JsonNode d = mapper.readTree(deployment);
    assertThat(d.path("rollout_state").asText()).isEqualTo("unknown");
    assertThat(
            d.has("replicas") || d.has("kind") || d.has("argocd") || d.has("root_cause_category"))
        .isFalse();
    assertThat(d.path("rollback"))
        .isEqualTo(
            mapper.readTree(
                "{\"feasible\":false,\"reason\":\"no source could tell the workload's previous revision\"}"));
    Schemas.assertValid(ContractSchemas.ANALYSIS, analysis);
    Schemas.assertValid(ContractSchemas.DEPLOYMENT_ANALYSIS, deployment);
  }

  @Test
  void aRejectionHasOnlyTheEnvelopeStatusEmptySourcesAndTheError() throws Exception {
    // when
    String json =
        new String(
            Json.bytes(
                mapper,
                documents.rejected(
                    new Rejection("INVALID_JSON", "bad", "a-2", null, "prod"),
                    null,
                    Duration.ofMillis(1))));

    // then
    assertSameJson(
        json,
        "{\"message_id\":\"analysis-a-2\",\"correlation_id\":\"a-2\",\"type\":\"infrastructure_analysis\","
            + "\"source\":\"infrastructure-agent\",\"timestamp\":\"2026-11-22T10:15:00Z\",\"schema_version\":\"1.1\","
            + "\"alert_id\":\"a-2\",\"namespace\":\"prod\",\"status\":\"rejected\",\"sources\":{},\"analyzer\":\"rules\","
            + "\"duration_ms\":1,\"error\":{\"code\":\"INVALID_JSON\",\"message\":\"bad\"}}");
    Schemas.assertValid(ContractSchemas.ANALYSIS, json);
  }

  @Test
  void planSaysWhyNothingRunsWhenNoRunbookIsAutomatable() {
    // given a remediate alert whose only runbook needs a person
    Recommendation manual =
        new Recommendation("investigate", "Investigate", "needs a person", "low", false, Map.of());
    Diagnosis verdict = new Diagnosis.Verdict(CRASH, "rules", "skipped", null);

    // when
    Plan plan = Plan.of(ALERT, verdict, List.of(manual));

    // then
    assertThat(plan.decision())
        .isEqualTo(new Plan.Decision.Skip("no automatable runbook fits: needs a person"));
  }

  private IncidentReport analysed() {
    Finding finding =
        new Finding(
            Category.CRASH_LOOP,
            Severity.HIGH,
            "Pod/p-1",
            "restarting",
            List.of("l1"),
            Map.of("container", "app"));
    Change change =
        new Change(
            "git",
            "abc1234567",
            "Bob",
            Instant.parse("2026-11-22T09:50:00Z"),
            "image app: a -> b",
            List.of("x.yaml"));
    WorkloadState workload =
        new WorkloadState(
            "Deployment",
            "payments",
            3,
            1,
            1,
            2,
            Map.of("app", "img:1"),
            "7",
            "progressing",
            new WorkloadState.Rollback(true, "6", "revision 6 exists"),
            Map.of("app", "payments"));
    Evidence evidence =
        new Evidence(
            ALERT,
            List.of(
                SourceReport.ok("kubernetes", List.of(finding), List.of(), workload),
                SourceReport.ok("git", List.of(), List.of(change), null),
                SourceReport.unavailable("argocd", "down")
                    .withSync(
                        new SyncState(
                            "payments", "OutOfSync", "Degraded", "Failed", "boom", 5L, 4L))));
    Recommendation restart =
        new Recommendation("restart", "Restart", "fits", "low", true, Map.of("n", 1));
    Diagnosis verdict = new Diagnosis.Verdict(CRASH, "rules", "skipped", "no key");
    return new IncidentReport(
        evidence,
        verdict,
        Plan.of(ALERT, verdict, List.of(restart)),
        IncidentReport.Remediation.NONE,
        Duration.ofMillis(42));
  }

  private void assertSameJson(String actual, String expected) throws Exception {
    assertThat(mapper.readTree(actual)).isEqualTo(mapper.readTree(expected));
  }
}
