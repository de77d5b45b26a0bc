package io.autoagent.guardian.backtest;

import io.autoagent.guardian.sim.TrafficTrace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request trace from a file: one number a line (requests per interval), or CSV with a
 * header, the count in {@code column} and optionally a timestamp column ({@code timeColumn}, or a
 * column named {@code timestamp}, {@code time} or {@code ts}: epoch seconds, epoch milliseconds or
 * ISO-8601). With timestamps, rows are summed into the minute they fall in (missing minutes are 0);
 * without, rows follow each other at {@code interval}. Per-second input is summed per minute. Gzip
 * is recognised by its magic bytes. Blank lines and lines starting with {@code #} are skipped.
 */
public final class TraceReader {

  private static final List<String> TIME_NAMES = List.of("timestamp", "time", "ts");

  /** The spacing of rows without timestamps. */
  public enum Interval {
    MINUTE(60),
    SECOND(1);

    final int seconds;

    Interval(int seconds) {
      this.seconds = seconds;
    }

    /** {@code 1m} or {@code 1s}. */
    public static Interval parse(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "1m", "60s", "minute" -> MINUTE;
        case "1s", "second" -> SECOND;
        default ->
            throw new IllegalArgumentException("--interval must be 1m or 1s, not '" + text + "'");
      };
    }
  }

  private TraceReader() {}

  /**
   * @param start the first row's time when the file has no timestamps
   * @throws IllegalArgumentException naming the file, line and value that is wrong
   * @throws IOException when the file cannot be read
   */
  public static TrafficTrace read(
      Path file, String column, String timeColumn, Interval interval, Instant start)
      throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("--trace " + file + ": no such file");
    }
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
      List<String> lines = in.lines().toList();
      String name = file.getFileName().toString();
      return column == null && timeColumn == null
          ? plain(name, lines, interval, start)
          : csv(name, lines, column, timeColumn, interval, start);
    }
  }

  private static InputStream open(Path file) throws IOException {
    PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file), 2);
    byte[] magic = new byte[2];
    int n = in.readNBytes(magic, 0, 2);
    in.unread(magic, 0, n);
    boolean gzip = n == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    return gzip ? new GZIPInputStream(in) : in;
  }

  private static TrafficTrace plain(
      String name, List<String> lines, Interval interval, Instant start) {
    List<Double> values = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.contains(",")) {
        throw new IllegalArgumentException(
            name + " line " + (i + 1) + " has several columns; name the one to read with --column");
      }
      values.add(number(name, i, line));
    }
    return perMinute(name, values, interval, start);
  }

  private static TrafficTrace csv(
      String name,
      List<String> lines,
      String column,
      String timeColumn,
      Interval interval,
      Instant start) {
    int headerLine = 0;
    while (headerLine < lines.size()
        && (lines.get(headerLine).isBlank() || lines.get(headerLine).startsWith("#"))) {
      headerLine++;
    }
    if (headerLine == lines.size()) {
      throw new IllegalArgumentException(name + " is empty");
    }
    List<String> header = cells(lines.get(headerLine));
    if (column == null) {
      throw new IllegalArgumentException("--column is needed to read the CSV " + name);
    }
    int valueAt = index(header, column, name, "--column");
    int timeAt =
        timeColumn != null ? index(header, timeColumn, name, "--time-column") : timeIndex(header);
    List<Double> values = new ArrayList<>();
    TreeMap<Long, Double> byMinute = new TreeMap<>();
    for (int i = headerLine + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      List<String> row = cells(line);
      if (row.size() <= Math.max(valueAt, timeAt)) {
        throw new IllegalArgumentException(
            name
                + " line "
                + (i + 1)
                + " has "
                + row.size()
                + " columns, the header "
                + header.size());
      }
      double value = number(name, i, row.get(valueAt));
      if (timeAt < 0) {
        values.add(value);
      } else {
        long minute = Math.floorDiv(time(name, i, row.get(timeAt)).getEpochSecond(), 60);
        byMinute.merge(minute, value, Double::sum);
      }
    }
    if (timeAt < 0) {
      return perMinute(name, values, interval, start);
    }
    if (byMinute.isEmpty()) {
      throw new IllegalArgumentException(name + " has no rows");
    }
    long first = byMinute.firstKey();
    double[] load = new double[(int) (byMinute.lastKey() - first + 1)];
    byMinute.forEach((m, v) -> load[(int) (m - first)] += v);
    return new TrafficTrace(name, Instant.ofEpochSecond(first * 60), load);
  }

  private static TrafficTrace perMinute(
      String name, List<Double> values, Interval interval, Instant start) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException(name + " has no values");
    }
    int per = 60 / interval.seconds;
    double[] load = new double[(values.size() + per - 1) / per];
    for (int i = 0; i < values.size(); i++) {
      load[i / per] += values.get(i);
    }
    return new TrafficTrace(name, start, load);
  }

  private static int index(List<String> header, String wanted, String name, String option) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).equalsIgnoreCase(wanted.trim())) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        option
            + " "
            + wanted
            + ": no such column in "
            + name
            + " (columns: "
            + String.join(", ", header)
            + ")");
  }

  private static int timeIndex(List<String> header) {
    for (int i = 0; i < header.size(); i++) {
      if (TIME_NAMES.contains(header.get(i).toLowerCase(Locale.ROOT))) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> cells(String line) {
    List<String> out = new ArrayList<>();
    for (String cell : line.split(",", -1)) {
      String c = cell.trim();
      if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) {
        c = c.substring(1, c.length() - 1);
      }
      out.add(c);
    }
    return out;
  }

  private static double number(String name, int line, String text) {
    try {
      double v = Double.parseDouble(text.trim());
      if (!Double.isFinite(v) || v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " line " + (line + 1) + ": not a request count: '" + text.trim() + "'");
    }
  }

  private static Instant time(String name, int line, String text) {
    String t = text.trim();
    try {
      double v = Double.parseDouble(t);
      return v > 1e11 ? Instant.ofEpochMilli((long) v) : Instant.ofEpochSecond((long) v);
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(t);
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            name
                + " line "
                + (line + 1)
                + ": not a timestamp (epoch seconds, milliseconds or ISO-8601): '"
                + t
                + "'");
      }
    }
  }
}
