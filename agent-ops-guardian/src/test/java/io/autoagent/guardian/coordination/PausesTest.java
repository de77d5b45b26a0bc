package io.autoagent.guardian.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.guardian.signals.WorkloadRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class PausesTest {

  private static final WorkloadRef FRONTEND = WorkloadRef.of("bank", "frontend");
  private static final WorkloadRef LEDGER = WorkloadRef.of("bank", "ledger");

  private Instant now = Instant.parse("2026-05-26T10:00:00Z");
  private final Pauses pauses =
      new Pauses(
          new Clock() {
            @Override
            public ZoneId getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now;
            }
          });

  private Pause pause(String by, List<String> services, int ttlSeconds) {
    return new Pause(
        by, "test", services, Duration.ofSeconds(ttlSeconds), now.plusSeconds(ttlSeconds), "c-1");
  }

  @Test
  void coversOnlyTheNamedServices() {
    pauses.add(pause("fraud", List.of("bank/ledger"), 60));

    assertThat(pauses.pausing(LEDGER)).isPresent();
    assertThat(pauses.pausing(FRONTEND)).isEmpty();
  }

  @Test
  void endsByItselfWhenItsTtlRunsOut() {
    pauses.add(pause("fraud", List.of("*"), 60));
    now = now.plusSeconds(59);
    assertThat(pauses.expire()).isEmpty();
    assertThat(pauses.pausing(FRONTEND)).isPresent();

    now = now.plusSeconds(1);

    assertThat(pauses.pausing(FRONTEND)).isEmpty();
    assertThat(pauses.expire()).extracting(Pause::requestedBy).containsExactly("fraud");
    assertThat(pauses.current()).isEmpty();
  }

  @Test
  void replacesAnEarlierPauseFromTheSameRequesterAndResumesAll() {
    pauses.add(pause("fraud", List.of("bank/ledger"), 60));
    pauses.add(pause("fraud", List.of("frontend"), 60));
    pauses.add(pause("operator", List.of("bank/ledger"), 60));

    assertThat(pauses.current()).hasSize(2);
    assertThat(pauses.pausing(FRONTEND)).map(Pause::requestedBy).contains("fraud");
    assertThat(pauses.resumeAll()).hasSize(2);
    assertThat(pauses.pausing(LEDGER)).isEmpty();
  }
}
