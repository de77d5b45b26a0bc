package io.autoagent.infra.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.testing.Schemas;
import io.autoagent.tools.runbook.ActionRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluation suite in CI: every scenario under {@code src/test/resources/scenarios/}, end to
 * end through NATS. Fails unless the rules analyzer gets every scenario that ran right (100 %). The
 * same run records every request the agent makes to the Kubernetes API, and the chart's ClusterRole
 * must grant exactly what those requests and the registered runbook actions need (docs/rbac.md).
 */
class ScenarioSuiteIT {

  /** Issue 8 asks for at least this many scenarios that run today. */
  private static final int MIN_SCENARIOS = 25;

  private static Report report;
  private static final Set<RequestedRbac.Rule> REQUESTED = new TreeSet<>();

  @BeforeAll
  static void runTheSuite() throws Exception {
    Path work = Files.createTempDirectory(Path.of("target"), "eval-");
    List<Scenario> scenarios = new ScenarioLoader(Instant.now()).loadBundled();
    report = EvaluationSuite.run(scenarios, work, REQUESTED);
    System.out.println(report.markdown());
    System.out.println("Kubernetes API requests, as RBAC rules: " + REQUESTED);
  }

  @Test
  void theRulesAnalyzerGetsEveryScenarioRight() {
    report.answers().forEach(a -> Schemas.assertValid(ContractSchemas.ANALYSIS, a.toString()));
    assertThat(report.ran()).hasSizeGreaterThanOrEqualTo(MIN_SCENARIOS);
    assertThat(report.misses()).as("scenarios the agent got wrong (see the table above)").isEmpty();
  }

  @Test
  void theChartGrantsExactlyWhatTheAgentRequestsAndTheRunbookActionsNeed() throws Exception {
    // given: every action and check the runbooks may use is described
    assertThat(ChartRbac.undescribed(ActionRegistry.standard()))
        .as(
            "actions or checks of the ActionRegistry missing from ChartRbac.REMEDIATION (add what each asks of the API)")
        .isEmpty();
    assertThat(REQUESTED).as("requests recorded during the suite").isNotEmpty();

    // when
    Set<String> needed = ChartRbac.needed(REQUESTED);
    Set<String> granted = ChartRbac.granted();

    // then
    Set<String> missing = new TreeSet<>(needed);
    missing.removeAll(granted);
    Set<String> extra = new TreeSet<>(granted);
    extra.removeAll(needed);
    assertThat(missing)
        .as(
            "rules the code needs that helm/autoagent's infrastructure-agent ClusterRole lacks "
                + "(group/resource:verb; add them to templates/infrastructure-agent.yaml)")
        .isEmpty();
    assertThat(extra)
        .as(
            "rules the ClusterRole grants that no recorded request and no registered action needs "
                + "(group/resource:verb; remove them, or cover the read path that needs them in a scenario)")
        .isEmpty();
  }
}
