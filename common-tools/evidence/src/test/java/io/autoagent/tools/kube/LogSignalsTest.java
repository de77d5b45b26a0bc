package io.autoagent.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A log's scan by a pattern is remembered by text and answers as a fresh scan would. */
class LogSignalsTest {

  private static final Pattern REFUSED = Pattern.compile("(?i)dial tcp (\\S+): connection refused");
  private static final Pattern TIMEOUT = Pattern.compile("(?i)(\\S+) timed out");

  /** A match that covers a whole line: the heaviest scan a log can make. */
  private static final Pattern WHOLE_LINE = Pattern.compile("(?i)^(.*timed out.*)$");

  private final LogSignals signals = LogSignals.defaults();

  @Test
  void scansLineByLineAndAnswersTheSameAgain() {
    String log =
        "starting\n"
            + "  dial tcp db:5432: connection refused  \n"
            + "retrying\n"
            + "dial tcp cache:6379: connection refused\n";
    LogSignals.Scan first = signals.scan(REFUSED, log);
    assertThat(first.lines())
        .containsExactly(
            "dial tcp db:5432: connection refused", "dial tcp cache:6379: connection refused");
    assertThat(first.first().group(1)).isEqualTo("db:5432");

    LogSignals.Scan again = signals.scan(REFUSED, new String(log.toCharArray()));
    assertThat(again.lines()).isEqualTo(first.lines());
    assertThat(again.first().group(1)).isEqualTo("db:5432");
    assertThat(signals.scansRun()).isEqualTo(1);
  }

  @Test
  void eachPatternHasItsOwnAnswerForTheSameText() {
    String log = "dial tcp db:5432: connection refused\nupstream timed out\n";
    assertThat(signals.scan(REFUSED, log).first().group(1)).isEqualTo("db:5432");
    assertThat(signals.scan(TIMEOUT, log).first().group(1)).isEqualTo("upstream");
    assertThat(signals.scan(TIMEOUT, "all good\n").first()).isNull();
    assertThat(signals.scan(TIMEOUT, "all good\n").lines()).isEmpty();
  }

  @Test
  void quotesAtMostFiveLines() {
    String log = "x timed out\n".repeat(8);
    assertThat(signals.scan(TIMEOUT, log).lines()).hasSize(LogSignals.MAX_LINES);
  }

  @ParameterizedTest
  @ValueSource(ints = {KubeOptions.DEFAULT_LOG_BYTES, 16 * 1024, 64 * 1024, 1024 * 1024})
  void remembersTheLargestLogThatTheConfiguredLogBytesLetThrough(int logBytes) {
    // given a memo for these log bytes and the longest log a read keeps with them: every line
    // quoted and matched whole (the heaviest entry)
    LogSignals sized = LogSignals.forLogBytes(logBytes);
    String log = largestTail(logBytes, new Random(logBytes));
    assertThat(log.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(logBytes)
        .isGreaterThan(logBytes - logBytes / 4);

    // when it is scanned for each alert of a storm, each alert reading the log anew
    LogSignals.Scan first = sized.scan(WHOLE_LINE, log);
    for (int alert = 0; alert < 3; alert++) {
      assertThat(sized.scan(WHOLE_LINE, new String(log.toCharArray()))).isSameAs(first);
    }

    // then it was scanned once
    assertThat(first.lines()).hasSize(LogSignals.MAX_LINES);
    assertThat(sized.scansRun()).isEqualTo(1);
  }

  @Test
  void wouldNotRememberTheLargestLogWithTheBoundOfASmallerSetting() {
    // given the memo sized for the default and a log of four times the default
    String log = largestTail(4 * KubeOptions.DEFAULT_LOG_BYTES, new Random(4));

    // when it is scanned twice
    signals.scan(WHOLE_LINE, log);
    signals.scan(WHOLE_LINE, log);

    // then both scans ran: what the sizing by log bytes is for
    assertThat(signals.scansRun()).isEqualTo(2);
  }

  @Test
  void keepsItsMemoryUnderTheDocumentedBound() {
    // given the default memo: at most 1,000,000 characters of log text, 2 MB
    int logBytes = KubeOptions.DEFAULT_LOG_BYTES;
    assertThat(signals.maxRememberedChars())
        .isEqualTo(
            Math.max(
                LogSignals.MIN_REMEMBERED_CHARS,
                64L * (logBytes + LogSignals.ENTRY_OVERHEAD_CHARS)));
    assertThat(2 * signals.maxRememberedChars()).isLessThan(4L * 1024 * 1024);

    // when far more distinct logs than fit are scanned, each by two patterns
    Random random = new Random(7);
    long scanned = 0;
    String log = "";
    String firstLog = null;
    for (int i = 0; i < 300; i++) {
      log = i + "\n" + largestTail(logBytes - 16, random);
      if (firstLog == null) {
        firstLog = log;
      }
      signals.scan(WHOLE_LINE, log);
      signals.scan(TIMEOUT, log);
      scanned += 2L * log.length();
      assertThat(signals.rememberedChars()).isLessThanOrEqualTo(signals.maxRememberedChars());
    }

    // then the memo stayed within its bound, was forgotten along the way, and remembers the latest
    assertThat(scanned).isGreaterThan(2 * signals.maxRememberedChars());
    assertThat(signals.scansRun()).isEqualTo(600);
    signals.scan(TIMEOUT, log);
    assertThat(signals.scansRun()).isEqualTo(600);
    assertThat(signals.rememberedChars()).isGreaterThan(0);
    signals.scan(TIMEOUT, firstLog);
    assertThat(signals.scansRun()).as("the first log was forgotten").isEqualTo(601);
  }

  @Test
  void answersAsAFreshScanForGeneratedLogs() {
    // given a memo that holds about a hundred of the 200 logs' texts, so it is forgotten several
    // times during the run
    LogSignals small = LogSignals.withBound(64L * 1_500);
    List<Pattern> patterns =
        List.of(
            REFUSED,
            TIMEOUT,
            WHOLE_LINE,
            Pattern.compile("(?i)(?:lookup ([a-z.]+): no such host|(ENOTFOUND) ?([a-z.]+)?)"),
            Pattern.compile("x509: (certificate [a-z ]+)"));
    Random random = new Random(42);
    List<String> logs = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      logs.add(generatedLog(random));
    }
    long weight = 0;
    for (String log : logs) {
      weight += log.length() + LogSignals.ENTRY_OVERHEAD_CHARS;
    }
    assertThat(weight).isGreaterThan(small.maxRememberedChars());

    // when each log is scanned by each pattern, in random order and with new copies of the text
    for (int round = 0; round < 4000; round++) {
      String log = new String(logs.get(random.nextInt(logs.size())).toCharArray());
      Pattern pattern = patterns.get(random.nextInt(patterns.size()));

      // then the answer is the one a line-by-line scan gives
      assertSame(small.scan(pattern, log), reference(pattern, log));
      assertThat(small.rememberedChars()).isLessThanOrEqualTo(small.maxRememberedChars());
    }
    assertThat(small.scansRun()).isLessThan(4000);
  }

  @Test
  void refusesANonPositiveLogSize() {
    assertThatThrownBy(() -> LogSignals.forLogBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("logBytes");
  }

  /** The tail a log read keeps with these bytes, from lines each long enough for a fifth. */
  private static String largestTail(int logBytes, Random random) {
    StringBuilder raw = new StringBuilder();
    int lineChars = logBytes / LogSignals.MAX_LINES - 2;
    for (int i = 0; i < 2 * LogSignals.MAX_LINES; i++) {
      StringBuilder line = new StringBuilder("upstream timed out ");
      while (line.length() < lineChars) {
        line.append((char) ('a' + random.nextInt(26)));
      }
      raw.append(line).append('\n');
    }
    return OnDemandReads.tail(raw.toString(), KubeOptions.DEFAULT_LOG_LINES, logBytes);
  }

  private static final String[] FRAGMENTS = {
    "starting", "dial tcp db:5432: connection refused", "  api timed out  ",
        "lookup db.svc: no such host",
    "getaddrinfo ENOTFOUND cache.local", "ENOTFOUND", "x509: certificate has expired", "",
    "ünïcödé ✓ timed out", "retrying in 5s", "\tTIMED OUT\t",
        "dial tcp [::1]:80: connection refused"
  };

  private static String generatedLog(Random random) {
    StringBuilder log = new StringBuilder();
    int lines = random.nextInt(12);
    for (int i = 0; i < lines; i++) {
      log.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      if (random.nextInt(4) == 0) {
        log.append(' ').append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
      }
      log.append(random.nextInt(5) == 0 ? "\r\n" : "\n");
    }
    return log.toString();
  }

  /** A scan written out plainly: every line, its first match, the first five lines stripped. */
  private static LogSignals.Scan reference(Pattern pattern, String log) {
    List<String> lines = new ArrayList<>();
    MatchResult first = null;
    for (String line : log.split("\r?\n|\r")) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        first = first == null ? m.toMatchResult() : first;
        if (lines.size() < 5) {
          lines.add(line.strip());
        }
      }
    }
    return new LogSignals.Scan(lines, first);
  }

  private static void assertSame(LogSignals.Scan actual, LogSignals.Scan expected) {
    assertThat(actual.lines()).isEqualTo(expected.lines());
    if (expected.first() == null) {
      assertThat(actual.first()).isNull();
      return;
    }
    assertThat(actual.first()).isNotNull();
    assertThat(actual.first().groupCount()).isEqualTo(expected.first().groupCount());
    for (int g = 0; g <= expected.first().groupCount(); g++) {
      assertThat(actual.first().group(g)).isEqualTo(expected.first().group(g));
      assertThat(actual.first().start(g)).isEqualTo(expected.first().start(g));
    }
  }
}
