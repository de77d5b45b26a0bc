package io.autoagent.tools.runbook;

import static io.autoagent.tools.runbook.Incidents.alert;
import static io.autoagent.tools.runbook.Incidents.cause;
import static io.autoagent.tools.runbook.Incidents.evidence;
import static io.autoagent.tools.runbook.Incidents.finding;
import static io.autoagent.tools.runbook.Incidents.workload;

import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.RootCause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Micro benchmark, not run by the test suite: builds a library of 1,000 runbooks (variants of the
 * shipped ones with extra words) and prints the mean time of one {@code recommend} call. Run:
 * {@code java -cp <test classpath> io.autoagent.tools.runbook.RunbookRankingBenchmark}.
 */
public final class RunbookRankingBenchmark {

  private static final String[] WORDS = {
    "latency",
    "errors",
    "payments",
    "checkout",
    "database",
    "cache",
    "queue",
    "timeout",
    "kafka",
    "redis",
    "tls",
    "dns",
    "ingress",
    "batch",
    "cron",
    "gpu"
  };

  public static void main(String[] args) throws Exception {
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path dir = Files.createTempDirectory("runbook-bench");
    List<Path> shipped;
    try (var s = Files.list(Incidents.SHIPPED)) {
      shipped = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    Random rnd = new Random(42);
    for (int i = 0; i < size; i++) {
      Path src = shipped.get(i % shipped.size());
      String id = src.getFileName().toString().replace(".yaml", "") + "-" + i;
      String text =
          Files.readString(src)
              .replaceFirst("(?m)^id: .*$", "id: " + id)
              .replaceFirst(
                  "(?m)^title: (.*)$",
                  "title: $1 "
                      + WORDS[rnd.nextInt(WORDS.length)]
                      + " "
                      + WORDS[rnd.nextInt(WORDS.length)]);
      Files.writeString(dir.resolve(id + ".yaml"), text);
    }
    long t0 = System.nanoTime();
    try (RunbookLibrary lib =
        RunbookLibrary.builder().directory(dir).watchDirectory(false).build()) {
      System.out.printf(
          "loaded %d runbooks (%d errors) in %d ms%n",
          lib.all().size(), lib.errors().size(), (System.nanoTime() - t0) / 1_000_000);
      LibraryRunbookPlanner planner = new LibraryRunbookPlanner(lib);
      List<Evidence> evidences = new ArrayList<>();
      List<RootCause> causes = new ArrayList<>();
      for (Category c : Category.values()) {
        String text =
            c + " payments checkout latency errors after deploy, container app restarting";
        evidences.add(
            evidence(
                alert("CrashLoopBackOff", text),
                List.of(
                    finding(
                        c,
                        text,
                        Map.of(Finding.ATTR_CONTAINER, "app", Finding.ATTR_MEMORY_LIMIT, "512Mi"))),
                List.of(),
                workload(3, "4", null)));
        causes.add(cause(c, text));
      }
      int warmup = 3000;
      int runs = 20000;
      long sink = 0;
      for (int i = 0; i < warmup; i++) {
        sink +=
            planner
                .recommend(evidences.get(i % evidences.size()), causes.get(i % causes.size()))
                .size();
      }
      long start = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        sink +=
            planner
                .recommend(evidences.get(i % evidences.size()), causes.get(i % causes.size()))
                .size();
      }
      double meanUs = (System.nanoTime() - start) / 1000.0 / runs;
      System.out.printf(
          "mean ranking time per analysis over %d runbooks: %.1f us (%d runs, sink %d)%n",
          lib.all().size(), meanUs, runs, sink);
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }
}
