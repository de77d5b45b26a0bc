package io.autoagent.guardian.backtest;

import io.autoagent.core.AgentException;
import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.config.WorkloadOverrides;
import io.autoagent.guardian.decision.PredictiveSettings;
import io.autoagent.guardian.prometheus.PrometheusRangeClient;
import io.autoagent.guardian.sim.Policies;
import io.autoagent.guardian.sim.ServiceModel;
import io.autoagent.guardian.sim.TrafficTrace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar ops-guardian.jar backtest}: what each policy would have done to a trace of real
 * traffic. Needs no NATS and no cluster. Exit status 0, 2 for bad usage (one line on stderr naming
 * the option), 1 when the trace cannot be fetched.
 */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Replay a request trace against scaling policies and compare them.")
public final class BacktestCommand implements Callable<Integer> {

  /** A Monday, so weekly seasonality lines up when a trace has no timestamps. */
  static final String DEFAULT_TRACE_START = "2026-01-05T00:00:00Z";

  @Spec CommandSpec spec;

  @Option(
      names = "--trace",
      paramLabel = "FILE",
      description = "Requests per interval: one number a line, or CSV with --column; gzip ok.")
  Path trace;

  @Option(names = "--column", paramLabel = "NAME", description = "CSV column with the counts.")
  String column;

  @Option(
      names = "--time-column",
      paramLabel = "NAME",
      description = "CSV timestamp column (default: one named timestamp, time or ts, if any).")
  String timeColumn;

  @Option(
      names = "--interval",
      defaultValue = "1m",
      paramLabel = "1m|1s",
      description = "Row spacing without timestamps; 1s rows are summed per minute (default 1m).")
  String interval;

  @Option(
      names = "--trace-start",
      defaultValue = DEFAULT_TRACE_START,
      paramLabel = "TIME",
      description =
          "Time of the first row without timestamps (default ${DEFAULT-VALUE}, a Monday).")
  String traceStart;

  @Option(names = "--prometheus", paramLabel = "URL", description = "Prometheus base URL.")
  String prometheus;

  @Option(
      names = "--query",
      paramLabel = "PROMQL",
      description = "Range query returning requests per second.")
  String query;

  @Option(names = "--start", paramLabel = "TIME", description = "Range start: RFC 3339 or epoch s.")
  String start;

  @Option(names = "--end", paramLabel = "TIME", description = "Range end: RFC 3339 or epoch s.")
  String end;

  @Option(
      names = "--step",
      defaultValue = "60s",
      paramLabel = "DURATION",
      description = "Range step, such as 15s or 1m (default ${DEFAULT-VALUE}).")
  String step;

  @Option(
      names = "--peak-replicas",
      paramLabel = "N",
      description =
          "Size pods so the 99th-percentile minute needs N pods at 70 %% CPU (default 7).")
  Integer peakReplicas;

  @Option(
      names = "--requests-per-pod",
      paramLabel = "R",
      description = "Requests per second one pod serves at 100 %% of its CPU request.")
  Double requestsPerPod;

  @Option(names = "--startup-s", defaultValue = "30", description = "Pod start-up (default 30).")
  int startupSeconds;

  @Option(names = "--slo-ms", description = "Latency objective (default 500).")
  Double sloMs;

  @Option(names = "--min", description = "Minimum replicas (default 1).")
  Integer min;

  @Option(names = "--max", description = "Maximum replicas (default 10).")
  Integer max;

  @Option(names = "--from-day", defaultValue = "0", description = "First day replayed (default 0).")
  int fromDay;

  @Option(names = "--days", defaultValue = "0", description = "Days replayed (default 0: all).")
  int days;

  @Option(
      names = "--policy",
      defaultValue = "all",
      paramLabel = "LIST",
      description =
          "Comma-separated: hpa, rules, predictive, seed-defaults, oracle, holt-winters,"
              + " or all (default).")
  String policy;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "KEY=VALUE lines: GUARDIAN_* variables and ops-guardian.autoagent.io/*"
              + " annotations of a workload.")
  Path config;

  @Option(
      names = "--budget-ratio",
      paramLabel = "R",
      description =
          "The predictive policy's pod budget: the share of the HPA's replicas it keeps"
              + " (0: no budget; default GUARDIAN_BUDGET_RATIO from --config, else the"
              + " Guardian's default).")
  String budgetRatio;

  @Option(names = "--json", description = "Print JSON instead of the Markdown table.")
  boolean json;

  @Option(
      names = "--chart",
      paramLabel = "FILE.svg|FILE.html",
      description = "Also write a chart: load, replicas per policy and violation periods.")
  Path chart;

  /** Runs {@code backtest} with {@code args} (without the word backtest); returns the status. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new BacktestCommand());
    cli.setOut(out).setErr(err);
    cli.setParameterExceptionHandler(
        (e, a) -> {
          err.println("backtest: " + e.getMessage());
          err.flush();
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          if (e instanceof IllegalArgumentException) {
            err.println("backtest: " + e.getMessage());
            err.flush();
            return 2;
          }
          if (e instanceof AgentException || e instanceof IOException) {
            err.println("backtest: " + e.getMessage());
            err.flush();
            return 1;
          }
          throw e;
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws IOException {
    Settings settings = settings();
    Backtest backtest =
        new Backtest(
            settings.model(),
            scale(),
            policies(),
            settings.config(),
            settings.predictive(),
            fromDay,
            days);
    Backtest.Report report = backtest.run(load());
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? ReportWriter.json(report) : ReportWriter.markdown(report));
    out.flush();
    if (chart != null) {
      String name = chart.getFileName().toString().toLowerCase(Locale.ROOT);
      String content =
          name.endsWith(".html") || name.endsWith(".htm")
              ? ChartWriter.html(report)
              : ChartWriter.svg(report);
      Files.writeString(chart, content, StandardCharsets.UTF_8);
    }
    return 0;
  }

  private TrafficTrace load() throws IOException {
    if ((trace == null) == (prometheus == null)) {
      throw new IllegalArgumentException("give either --trace FILE or --prometheus URL");
    }
    if (trace != null) {
      return TraceReader.read(
          trace,
          column,
          timeColumn,
          TraceReader.Interval.parse(interval),
          instant("--trace-start", traceStart));
    }
    if (query == null || start == null || end == null) {
      throw new IllegalArgumentException("--prometheus needs --query, --start and --end");
    }
    HttpUrl base = HttpUrl.parse(prometheus);
    if (base == null) {
      throw new IllegalArgumentException("--prometheus is not an http(s) URL: " + prometheus);
    }
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(60)).build();
    try {
      return PrometheusTrace.fetch(
          new PrometheusRangeClient(http, base),
          query,
          instant("--start", start),
          instant("--end", end),
          duration("--step", step));
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private LoadScale scale() {
    if (peakReplicas != null && requestsPerPod != null) {
      throw new IllegalArgumentException("give --peak-replicas or --requests-per-pod, not both");
    }
    return requestsPerPod != null
        ? new LoadScale.RequestsPerPod(requestsPerPod)
        : new LoadScale.PeakReplicas(peakReplicas == null ? 7 : peakReplicas);
  }

  private List<String> policies() {
    if (policy.trim().equalsIgnoreCase("all")) {
      return Policies.ALL;
    }
    List<String> names =
        Arrays.stream(policy.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (names.isEmpty()) {
      throw new IllegalArgumentException("--policy names no policy");
    }
    for (String n : names) {
      if (!Policies.ALL.contains(n)) {
        throw new IllegalArgumentException(
            "--policy: unknown policy '"
                + n
                + "'; known: "
                + String.join(",", Policies.ALL)
                + " or all");
      }
    }
    return names;
  }

  private Settings settings() throws IOException {
    Map<String, String> values = new HashMap<>();
    if (config != null) {
      if (!Files.isRegularFile(config)) {
        throw new IllegalArgumentException("--config " + config + ": no such file");
      }
      for (String line : Files.readAllLines(config, StandardCharsets.UTF_8)) {
        String l = line.trim();
        if (l.isEmpty() || l.startsWith("#")) {
          continue;
        }
        int eq = l.indexOf('=') >= 0 ? l.indexOf('=') : l.indexOf(':');
        if (eq <= 0) {
          throw new IllegalArgumentException("--config " + config + ": not KEY=VALUE: " + l);
        }
        values.put(l.substring(0, eq).trim(), unquote(l.substring(eq + 1).trim()));
      }
    }
    GuardianConfig guardian = GuardianConfig.fromEnv(values);
    WorkloadOverrides overrides = WorkloadOverrides.from(values);
    guardian = guardian.withDefaultPolicy(overrides.applyTo(guardian.defaultPolicy()));
    int lo = min != null ? min : config != null ? guardian.defaultPolicy().minReplicas() : 1;
    int hi = max != null ? max : config != null ? guardian.defaultPolicy().maxReplicas() : 10;
    if (lo < 1 || hi < lo) {
      throw new IllegalArgumentException("need 1 <= --min <= --max, got " + lo + " and " + hi);
    }
    double slo = sloMs != null ? sloMs : overrides.sloMs() != null ? overrides.sloMs() : 500;
    if (startupSeconds < 0) {
      throw new IllegalArgumentException("--startup-s must not be negative: " + startupSeconds);
    }
    if (!(slo > ServiceModel.BASE_LATENCY_MS)) {
      throw new IllegalArgumentException(
          "--slo-ms must be above the model's base latency of "
              + (int) ServiceModel.BASE_LATENCY_MS
              + " ms: "
              + slo);
    }
    ServiceModel model =
        new ServiceModel(startupSeconds, slo, lo, hi, ServiceModel.DEFAULTS.initialReplicas());
    double ratio =
        budgetRatio != null
            ? PredictiveSettings.parseBudgetRatio("--budget-ratio", budgetRatio)
            : overrides.budgetRatio() != null
                ? overrides.budgetRatio()
                : guardian.forecast().budgetRatio();
    return new Settings(model, guardian, PredictiveSettings.DEFAULTS.withBudgetRatio(ratio));
  }

  private static String unquote(String v) {
    return v.length() >= 2
            && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))
        ? v.substring(1, v.length() - 1)
        : v;
  }

  static Instant instant(String option, String text) {
    String t = text.trim();
    try {
      return Instant.ofEpochSecond(Long.parseLong(t));
    } catch (NumberFormatException e) {
      try {
        return Instant.parse(t);
      } catch (DateTimeParseException e2) {
        throw new IllegalArgumentException(
            option + " is not RFC 3339 or epoch seconds: '" + t + "'");
      }
    }
  }

  static Duration duration(String option, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      } else if (t.endsWith("s")) {
        d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
      } else if (t.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
      } else {
        d = Duration.ofSeconds(Long.parseLong(t));
      }
      if (d.toSeconds() < 1) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          option + " must be a duration such as 15s or 1m: '" + text + "'");
    }
  }

  /** The predictive policy's settings the options and {@code --config} give. */
  PredictiveSettings predictiveSettings() throws IOException {
    return settings().predictive();
  }

  private record Settings(
      ServiceModel model, GuardianConfig config, PredictiveSettings predictive) {}
}
