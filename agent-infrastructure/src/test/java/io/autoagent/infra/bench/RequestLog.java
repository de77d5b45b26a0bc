package io.autoagent.infra.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;

/**
 * What the bench's mock API was asked and how long it took to answer, by the shape of the request
 * (namespace, object and pod names replaced), so a run can say which reads hold the agent's slowest
 * answers. Only the time inside the dispatcher is measured: queueing in the mock's HTTP server is
 * not.
 */
final class RequestLog {

  private static final Pattern NAMESPACE = Pattern.compile("/namespaces/[^/?]+");
  private static final Pattern NAMED =
      Pattern.compile(
          "/(pods|deployments|replicasets|services|endpoints|events|configmaps|secrets|"
              + "statefulsets|daemonsets|poddisruptionbudgets|horizontalpodautoscalers|"
              + "persistentvolumeclaims|ingresses|networkpolicies|nodes|jobs|cronjobs)/[^/?]+");
  private static final Pattern QUERY_VALUE = Pattern.compile("=[^&]*");

  private record Entry(long startNanos, String method, String shape, long nanos) {}

  private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();

  void record(long startNanos, String method, String path, long nanos) {
    entries.add(new Entry(startNanos, method, shape(path), nanos));
  }

  static String shape(String path) {
    String p = NAMESPACE.matcher(path).replaceAll("/namespaces/{ns}");
    p = NAMED.matcher(p).replaceAll("/$1/{name}");
    return QUERY_VALUE.matcher(p).replaceAll("=…");
  }

  /** Entries that started at or after {@code fromNanos}. */
  String summary(long fromNanos, long toNanos) {
    Map<String, List<Long>> byShape = new TreeMap<>();
    for (Entry e : entries) {
      if (e.startNanos() >= fromNanos && e.startNanos() < toNanos) {
        byShape
            .computeIfAbsent(e.method() + " " + e.shape(), k -> new ArrayList<>())
            .add(e.nanos());
      }
    }
    StringBuilder out =
        new StringBuilder("| request | count | total ms | p50 ms | p99 ms | max ms |\n");
    out.append("|---|---|---|---|---|---|\n");
    byShape.entrySet().stream()
        .sorted((a, b) -> Long.compare(total(b.getValue()), total(a.getValue())))
        .forEach(
            e -> {
              List<Long> v = e.getValue();
              Collections.sort(v);
              out.append(
                  String.format(
                      Locale.ROOT,
                      "| %s | %d | %.0f | %.2f | %.2f | %.2f |%n",
                      e.getKey(),
                      v.size(),
                      total(v) / 1e6,
                      v.get(v.size() / 2) / 1e6,
                      v.get(Math.min(v.size() - 1, (int) Math.ceil(v.size() * 0.99) - 1)) / 1e6,
                      v.getLast() / 1e6));
            });
    return out.toString();
  }

  void write(Path file, String title, long fromNanos, long toNanos) throws IOException {
    Files.writeString(
        file,
        "# " + title + "\n\n" + summary(fromNanos, toNanos),
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
  }

  private static long total(List<Long> v) {
    long t = 0;
    for (long x : v) {
      t += x;
    }
    return t;
  }
}
