package io.autoagent.guardian.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.guardian.sim.TrafficTrace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceReaderTest {

  private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void readsOneNumberALinePerMinute() throws IOException {
    Path file = write("t.txt", "# requests per minute\n10\n20\n\n30.5\n");

    TrafficTrace t = TraceReader.read(file, null, null, TraceReader.Interval.MINUTE, START);

    assertThat(t.load()).containsExactly(10, 20, 30.5);
    assertThat(t.start()).isEqualTo(START);
  }

  @Test
  void sumsPerSecondInputPerMinute() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int s = 0; s < 150; s++) {
      text.append(s < 60 ? "1" : "2").append('\n');
    }
    Path file = write("s.txt", text.toString());

    TrafficTrace t = TraceReader.read(file, null, null, TraceReader.Interval.SECOND, START);

    assertThat(t.load()).containsExactly(60, 120, 60);
  }

  @Test
  void readsACsvColumnAndBucketsRowsByTheirTimestamp() throws IOException {
    Path file =
        write(
            "t.csv",
            """
        timestamp,host,requests
        2026-03-02T10:00:05Z,a,3
        2026-03-02T10:00:40Z,b,4
        2026-03-02T10:02:00Z,a,5
        """);

    TrafficTrace t = TraceReader.read(file, "requests", null, TraceReader.Interval.MINUTE, START);

    assertThat(t.start()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
    assertThat(t.load()).containsExactly(7, 0, 5);
  }

  @Test
  void readsEpochSecondsFromANamedTimeColumn() throws IOException {
    Path file = write("e.csv", "when,n\n1772445600,2\n1772445660,3\n");

    TrafficTrace t = TraceReader.read(file, "n", "when", TraceReader.Interval.MINUTE, START);

    assertThat(t.start()).isEqualTo(Instant.ofEpochSecond(1772445600));
    assertThat(t.load()).containsExactly(2, 3);
  }

  @Test
  void readsGzip() throws IOException {
    Path file = dir.resolve("t.txt.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write("5\n6\n".getBytes(StandardCharsets.UTF_8));
    }

    TrafficTrace t = TraceReader.read(file, null, null, TraceReader.Interval.MINUTE, START);

    assertThat(t.load()).containsExactly(5, 6);
  }

  @Test
  void namesTheLineThatIsNotANumber() throws IOException {
    Path file = write("bad.txt", "1\nlots\n");

    assertThatThrownBy(() -> TraceReader.read(file, null, null, TraceReader.Interval.MINUTE, START))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bad.txt line 2: not a request count: 'lots'");
  }

  @Test
  void namesTheColumnsWhenTheColumnIsMissing() throws IOException {
    Path file = write("c.csv", "time,count\n1,2\n");

    assertThatThrownBy(
            () -> TraceReader.read(file, "requests", null, TraceReader.Interval.MINUTE, START))
        .hasMessage("--column requests: no such column in c.csv (columns: time, count)");
  }

  @Test
  void rejectsAnUnknownInterval() {
    assertThatThrownBy(() -> TraceReader.Interval.parse("5m"))
        .hasMessage("--interval must be 1m or 1s, not '5m'");
  }
}
