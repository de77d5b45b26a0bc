package io.autoagent.tools.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.text.Quantities;
import io.autoagent.tools.runbook.MemorySizing.Cap;
import org.junit.jupiter.api.Test;

class MemorySizingTest {

  private static final long MI = 1024L * 1024L;

  @Test
  void raisesByAPercentageRoundingUpToAByte() {
    assertThat(MemorySizing.raisedBy(256 * MI, 50)).isEqualTo(384 * MI);
    assertThat(MemorySizing.raisedBy(3, 50)).isEqualTo(5);
  }

  @Test
  void leavesATargetBelowEveryCapAloneAndRoundsItUpToAMebibyte() {
    MemorySizing.Raise r = MemorySizing.cap(768 * MI + 1, 512 * MI, null, Quantities.bytes("4Gi"));

    assertThat(r.cap()).isEqualTo(Cap.NONE);
    assertThat(r.limit()).isEqualTo("769Mi");
  }

  @Test
  void capsAtThePolicysPercentageRoundingDown() {
    // 512Mi + 20% = 614.4Mi: a pull request and a live raise both land on 614Mi, never above the
    // policy
    MemorySizing.Raise r = MemorySizing.cap(768 * MI, 512 * MI, 20, Quantities.bytes("4Gi"));

    assertThat(r.cap()).isEqualTo(Cap.POLICY);
    assertThat(r.limit()).isEqualTo("614Mi");
  }

  @Test
  void capsAtTheCeilingAfterThePolicy() {
    MemorySizing.Raise r = MemorySizing.cap(1024 * MI, 256 * MI, 100, 384 * MI);

    assertThat(r.cap()).isEqualTo(Cap.CEILING);
    assertThat(r.limit()).isEqualTo("384Mi");
  }

  @Test
  void appliesNoPolicyCapWhenTheCurrentLimitIsUnknown() {
    MemorySizing.Raise r = MemorySizing.cap(768 * MI, null, 20, Long.MAX_VALUE);

    assertThat(r.cap()).isEqualTo(Cap.NONE);
    assertThat(r.limit()).isEqualTo("768Mi");
  }
}
