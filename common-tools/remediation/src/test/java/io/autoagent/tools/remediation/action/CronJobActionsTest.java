package io.autoagent.tools.remediation.action;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.tools.remediation.ArgoCdPort;
import io.autoagent.tools.remediation.EventSink;
import io.autoagent.tools.remediation.RemediationConfig;
import io.autoagent.tools.remediation.policy.PolicyLimits;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code set_cronjob_suspend} and {@code cronjob_exists} against the fabric8 mock API in CRUD mode.
 */
@EnableKubernetesMockClient(crud = true)
class CronJobActionsTest {

  private static final String NS = "jobs";
  KubernetesClient client;
  private final Actions actions = Actions.standard();

  @BeforeEach
  void given() {
    client
        .resource(
            new CronJobBuilder()
                .withNewMetadata()
                .withName("nightly")
                .withNamespace(NS)
                .endMetadata()
                .withNewSpec()
                .withSchedule("0 2 * * *")
                .withSuspend(true)
                .withNewJobTemplate()
                .withNewSpec()
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("report:1")
                .endContainer()
                .withRestartPolicy("Never")
                .endSpec()
                .endTemplate()
                .endSpec()
                .endJobTemplate()
                .endSpec()
                .build())
        .create();
  }

  private ActionContext ctx(boolean dryRun) {
    return new ActionContext(
        client,
        dryRun,
        false,
        Clock.systemUTC(),
        Duration.ofMillis(20),
        ArgoCdPort.UNAVAILABLE,
        EventSink.NOOP,
        PolicyLimits.NONE,
        RemediationConfig.defaults().protectedNamespaces(),
        List::of,
        new Checks(),
        "x-1",
        "x-1-step-1");
  }

  private CronJob nightly() {
    return client.batch().v1().cronjobs().inNamespace(NS).withName("nightly").get();
  }

  @Test
  void resumesASuspendedCronJobAndUndoesBackToSuspended() {
    RemediationAction action = actions.find("set_cronjob_suspend").orElseThrow();

    ActionResult r =
        action.run(ctx(false), Args.of("namespace", NS, "name", "nightly", "suspend", false));

    assertThat(r.ok()).isTrue();
    assertThat(nightly().getSpec().getSuspend()).isFalse();
    assertThat(r.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.field()).isEqualTo("spec.suspend");
              assertThat(c.before()).isEqualTo(true);
              assertThat(c.after()).isEqualTo(false);
            });
    assertThat(action.run(ctx(false), new Args(r.undo().args())).ok()).isTrue();
    assertThat(nightly().getSpec().getSuspend()).isTrue();
  }

  @Test
  void aDryRunChangesNothingAndAnActiveCronJobIsLeftAlone() {
    RemediationAction action = actions.find("set_cronjob_suspend").orElseThrow();

    assertThat(
            action
                .run(ctx(true), Args.of("namespace", NS, "name", "nightly", "suspend", false))
                .ok())
        .isTrue();
    assertThat(nightly().getSpec().getSuspend()).isTrue();

    ActionResult same =
        action.run(ctx(false), Args.of("namespace", NS, "name", "nightly", "suspend", true));
    assertThat(same.changes()).isEmpty();
    assertThat(same.undo()).isNull();
  }

  @Test
  void cronJobExistsHoldsOnlyForAnExistingCronJob() {
    assertThat(
            new Checks()
                .evaluate("cronjob_exists", Args.of("namespace", NS, "name", "nightly"), ctx(false))
                .holds())
        .isTrue();
    assertThat(
            new Checks()
                .evaluate("cronjob_exists", Args.of("namespace", NS, "name", "weekly"), ctx(false))
                .holds())
        .isFalse();
  }
}
