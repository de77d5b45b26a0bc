package io.autoagent.infra.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.testing.Schemas;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluation suite in CI: every scenario under {@code src/test/resources/scenarios/}, end to end
 * through NATS. Fails unless the rules analyzer gets every scenario that ran right (100 %).
 */
class ScenarioSuiteIT {

  /** Issue 8 asks for at least this many scenarios that run today. */
  private static final int MIN_SCENARIOS = 25;

  @Test
  void theRulesAnalyzerGetsEveryScenarioRight(@TempDir Path work) throws Exception {
    // given
    List<Scenario> scenarios = new ScenarioLoader(Instant.now()).loadBundled();

    // when
    Report report = EvaluationSuite.run(scenarios, work);
    System.out.println(report.markdown());

    // then
    report.answers().forEach(a -> Schemas.assertValid(ContractSchemas.ANALYSIS, a.toString()));
    assertThat(report.ran()).hasSizeGreaterThanOrEqualTo(MIN_SCENARIOS);
    assertThat(report.misses()).as("scenarios the agent got wrong (see the table above)").isEmpty();
  }
}
