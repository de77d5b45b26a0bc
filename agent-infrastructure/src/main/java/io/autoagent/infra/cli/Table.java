package io.autoagent.infra.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A plain-text table that fits the terminal: {@code COLUMNS} wide (100 when unset), the widest
 * columns shortened first, cut text ending in {@code …}.
 */
final class Table {

  static final int DEFAULT_WIDTH = 100;
  private static final int MIN_COLUMN = 6;

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private final java.util.Set<Integer> kept = new java.util.HashSet<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  /** Never shortens column {@code index} (an id a person copies), unless nothing else can give. */
  Table keep(int index) {
    kept.add(index);
    return this;
  }

  Table row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "expected " + headers.size() + " cells, got " + cells.length);
    }
    rows.add(Arrays.stream(cells).map(c -> c == null ? "" : c).toList());
    return this;
  }

  /** The terminal's width from {@code COLUMNS}, else {@link #DEFAULT_WIDTH}. */
  static int terminalWidth(Map<String, String> env) {
    try {
      int columns = Integer.parseInt(env.getOrDefault("COLUMNS", "").trim());
      return columns >= 20 ? columns : DEFAULT_WIDTH;
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }

  /** The lines of the table, none longer than {@code width} characters. */
  List<String> render(int width) {
    int n = headers.size();
    int[] widths = new int[n];
    for (int i = 0; i < n; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    int budget = width - 2 * (n - 1); // two spaces between columns
    while (Arrays.stream(widths).sum() > budget) {
      int widest = widest(widths, false);
      if (widths[widest] <= MIN_COLUMN) {
        widest = widest(widths, true);
      }
      if (widths[widest] <= MIN_COLUMN) {
        break; // too narrow a terminal: keep each column readable rather than fit
      }
      widths[widest]--;
    }
    List<String> lines = new ArrayList<>();
    lines.add(line(headers, widths));
    rows.forEach(row -> lines.add(line(row, widths)));
    return lines;
  }

  private int widest(int[] widths, boolean includeKept) {
    int widest = -1;
    for (int i = 0; i < widths.length; i++) {
      if ((includeKept || !kept.contains(i)) && (widest < 0 || widths[i] > widths[widest])) {
        widest = i;
      }
    }
    return widest < 0 ? 0 : widest;
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = fit(cells.get(i), widths[i]);
      b.append(cell);
      if (i < cells.size() - 1) {
        b.append(" ".repeat(widths[i] - cell.length() + 2));
      }
    }
    return b.toString().stripTrailing();
  }

  static String fit(String text, int width) {
    String flat = text.replace('\n', ' ');
    return flat.length() <= width ? flat : flat.substring(0, Math.max(0, width - 1)) + "…";
  }
}
