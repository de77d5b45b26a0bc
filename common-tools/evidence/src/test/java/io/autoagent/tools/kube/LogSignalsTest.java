package io.autoagent.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A log's scan by a pattern is remembered by text and answers as a fresh scan would. */
class LogSignalsTest {

  private static final Pattern REFUSED = Pattern.compile("(?i)dial tcp (\\S+): connection refused");
  private static final Pattern TIMEOUT = Pattern.compile("(?i)(\\S+) timed out");

  @Test
  void scansLineByLineAndAnswersTheSameAgain() {
    String log =
        "starting\n"
            + "  dial tcp db:5432: connection refused  \n"
            + "retrying\n"
            + "dial tcp cache:6379: connection refused\n";
    LogSignals.Scan first = LogSignals.scan(REFUSED, log);
    assertThat(first.lines())
        .containsExactly(
            "dial tcp db:5432: connection refused", "dial tcp cache:6379: connection refused");
    assertThat(first.first().group(1)).isEqualTo("db:5432");

    LogSignals.Scan again = LogSignals.scan(REFUSED, new String(log.toCharArray()));
    assertThat(again.lines()).isEqualTo(first.lines());
    assertThat(again.first().group(1)).isEqualTo("db:5432");
  }

  @Test
  void eachPatternHasItsOwnAnswerForTheSameText() {
    String log = "dial tcp db:5432: connection refused\nupstream timed out\n";
    assertThat(LogSignals.scan(REFUSED, log).first().group(1)).isEqualTo("db:5432");
    assertThat(LogSignals.scan(TIMEOUT, log).first().group(1)).isEqualTo("upstream");
    assertThat(LogSignals.scan(TIMEOUT, "all good\n").first()).isNull();
    assertThat(LogSignals.scan(TIMEOUT, "all good\n").lines()).isEmpty();
  }

  @Test
  void quotesAtMostFiveLines() {
    String log = "x timed out\n".repeat(8);
    assertThat(LogSignals.scan(TIMEOUT, log).lines()).hasSize(LogSignals.MAX_LINES);
  }
}
