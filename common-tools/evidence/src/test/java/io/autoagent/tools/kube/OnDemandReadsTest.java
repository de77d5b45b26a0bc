package io.autoagent.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OnDemandReadsTest {

  @Test
  void keepsTheLastLinesOfALog() {
    String log =
        IntStream.rangeClosed(1, 80).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));

    String tail = OnDemandReads.tail(log, 50, 8192);

    assertThat(tail.lines()).hasSize(50).first().isEqualTo("line 31");
    assertThat(tail.lines()).last().isEqualTo("line 80");
  }

  @Test
  void cutsALongLogAtALineStartToFitTheByteBound() {
    String log =
        IntStream.rangeClosed(1, 50)
            .mapToObj(i -> "x".repeat(300) + i)
            .collect(Collectors.joining("\n"));

    String tail = OnDemandReads.tail(log, 50, 8192);

    assertThat(tail.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(8192);
    assertThat(tail.lines()).allMatch(l -> l.startsWith("xxx")).last().asString().endsWith("50");
  }
}
