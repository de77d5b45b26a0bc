package io.autoagent.tools.remediation.action;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ActionResultTest {

  @Test
  void unchangedSucceedsWithNoChangeNoUndoAndSaysNothingChanged() {
    // when
    ActionResult result = ActionResult.unchanged("already at 3 replicas");

    // then
    assertThat(result.ok()).isTrue();
    assertThat(result.output()).isEqualTo("already at 3 replicas; nothing changed");
    assertThat(result.error()).isNull();
    assertThat(result.changes()).isEmpty();
    assertThat(result.undo()).isNull();
    assertThat(DryRunWording.of(result.output())).isEqualTo(result.output());
  }
}
