package io.autoagent.guardian.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.guardian.decision.Mode;
import io.autoagent.guardian.decision.WorkloadPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkloadOverridesTest {

  @Test
  void readsEveryAnnotation() {
    WorkloadOverrides o =
        WorkloadOverrides.from(
            Map.of(
                "ops-guardian.autoagent.io/min", "3",
                "ops-guardian.autoagent.io/max", "12",
                "ops-guardian.autoagent.io/mode", "Aggressive",
                "ops-guardian.autoagent.io/slo-ms", "250",
                "ops-guardian.autoagent.io/promql", "sum(rate(hits{app=\"{workload}\"}[1m]))",
                "kubectl.kubernetes.io/last-applied-configuration", "{}"));

    assertThat(o)
        .isEqualTo(
            new WorkloadOverrides(
                3, 12, Mode.AGGRESSIVE, 250.0, "sum(rate(hits{app=\"{workload}\"}[1m]))"));
    WorkloadPolicy p = o.applyTo(WorkloadPolicy.DEFAULTS);
    assertThat(p.minReplicas()).isEqualTo(3);
    assertThat(p.maxReplicas()).isEqualTo(12);
    assertThat(p.mode()).isEqualTo(Mode.AGGRESSIVE);
  }

  @Test
  void keepsTheOtherBoundValidWhenOneIsGivenAlone() {
    WorkloadPolicy p =
        WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/min", "15"))
            .applyTo(WorkloadPolicy.DEFAULTS);

    assertThat(p.minReplicas()).isEqualTo(15);
    assertThat(p.maxReplicas()).isEqualTo(15);
  }

  @Test
  void ignoresAWorkloadWithoutAnnotations() {
    assertThat(WorkloadOverrides.from(Map.of()).isEmpty()).isTrue();
    assertThat(WorkloadOverrides.NONE.applyTo(WorkloadPolicy.DEFAULTS))
        .isEqualTo(WorkloadPolicy.DEFAULTS);
  }

  @Test
  void namesTheAnnotationWhoseValueIsWrong() {
    assertThatThrownBy(() -> WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/max", "x")))
        .hasMessage("ops-guardian.autoagent.io/max is not a whole number: 'x'");
    assertThatThrownBy(
            () -> WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/mode", "turbo")))
        .hasMessage("ops-guardian.autoagent.io/mode must be conservative or aggressive: 'turbo'");
    assertThatThrownBy(
            () ->
                WorkloadOverrides.from(
                    Map.of(
                        "ops-guardian.autoagent.io/min",
                        "5",
                        "ops-guardian.autoagent.io/max",
                        "2")))
        .hasMessage("ops-guardian.autoagent.io/max (2) is below ops-guardian.autoagent.io/min (5)");
    assertThatThrownBy(
            () -> WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/slo-ms", "-1")))
        .hasMessage("ops-guardian.autoagent.io/slo-ms must be positive: -1.0");
    // an infinite objective would make the plan's utilisation NaN and stop the scaler's cycle
    assertThatThrownBy(
            () -> WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/slo-ms", "Infinity")))
        .hasMessage("ops-guardian.autoagent.io/slo-ms must be a finite number of ms: Infinity");
    assertThatThrownBy(
            () -> WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/slo-ms", "1e309")))
        .hasMessageContaining("finite");
  }

  @Test
  void readsThePodBudgetAndNamesABadOne() {
    assertThat(
            WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/budget-ratio", "1.0"))
                .budgetRatio())
        .isEqualTo(1.0);
    assertThat(WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/min", "2")).budgetRatio())
        .isNull();
    assertThatThrownBy(
            () -> WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/budget-ratio", "5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ops-guardian.autoagent.io/budget-ratio")
        .hasMessageContaining("5");
    assertThatThrownBy(
            () -> WorkloadOverrides.from(Map.of("ops-guardian.autoagent.io/budget-ratio", "half")))
        .hasMessageContaining("ops-guardian.autoagent.io/budget-ratio")
        .hasMessageContaining("'half'");
  }
}
