package io.autoagent.infra;

import io.autoagent.core.llm.Redactor;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Analyzer;
import io.autoagent.tools.analysis.Diagnosis;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.EvidenceRedaction;
import io.autoagent.tools.analysis.EvidenceSource;
import io.autoagent.tools.analysis.Plan;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.RunbookPlanner;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.analysis.llm.LlmAnalysis;
import io.autoagent.tools.analysis.llm.LlmAnalyzer;
import io.autoagent.tools.git.ChangeCorrelator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first three stages of the pipeline for one alert ({@code Evidence -> Diagnosis -> Plan}):
 * evidence from every source in parallel, all bounded by the one analysis deadline; then change
 * correlation across sources (BAD_CHANGE); then the analyzer's verdict, refined by the LLM when one
 * is configured, within what is left of the deadline; then runbook recommendations and the
 * remediation decision. Reads only the evidence once collected, never the sources (but for their
 * state tokens, read before collecting, when an analysis may be reused). Thread-safe.
 */
public final class AnalysisService {

  private static final Logger log = LoggerFactory.getLogger(AnalysisService.class);

  private final List<EvidenceSource> sources;
  private final ChangeCorrelator correlator;
  private final Analyzer analyzer;
  private final LlmAnalyzer llm;
  private final RunbookPlanner planner;
  private final Duration timeout;
  private final ExecutorService executor;
  private final Redactor redactor = new Redactor();
  private final AnalysisReuse reuse;

  /**
   * @param reuse {@code ANALYSIS_REUSE_MS}: how long an analysis may answer repeats of the same
   *     alert while its sources' state is unchanged ({@link AnalysisReuse}); zero never reuses
   */
  public AnalysisService(
      List<EvidenceSource> sources,
      ChangeCorrelator correlator,
      Analyzer analyzer,
      LlmAnalyzer llm,
      RunbookPlanner planner,
      Duration timeout,
      Duration reuse,
      ExecutorService executor) {
    this(sources, correlator, analyzer, llm, planner, timeout, reuse, executor, System::nanoTime);
  }

  /** With the clock that times the reuse window, for tests. */
  AnalysisService(
      List<EvidenceSource> sources,
      ChangeCorrelator correlator,
      Analyzer analyzer,
      LlmAnalyzer llm,
      RunbookPlanner planner,
      Duration timeout,
      Duration reuse,
      ExecutorService executor,
      java.util.function.LongSupplier nanoClock) {
    this.reuse = new AnalysisReuse(reuse, nanoClock);
    this.llm = llm;
    this.sources = List.copyOf(sources);
    this.correlator = correlator;
    this.analyzer = analyzer;
    this.planner = planner;
    this.timeout = timeout;
    this.executor = executor;
  }

  public List<EvidenceSource> sources() {
    return sources;
  }

  /** Analyses kept for reuse now, for tests. */
  int reusableNow() {
    return reuse.size();
  }

  /** Alerts answered from an earlier analysis of the same alert so far. */
  public long reusedTotal() {
    return reuse.reusedTotal();
  }

  /**
   * Evidence, then diagnosis, then plan, all under one deadline ({@code ANALYSIS_TIMEOUT_S}) set
   * here: the sources get what is left of it, then the LLM. The report's remediation is {@link
   * IncidentReport.Remediation#NONE}: carrying out the plan is the caller's. A repeat of an alert
   * analysed moments before, with its sources' state unchanged, gets that analysis ({@link
   * AnalysisReuse}).
   */
  public IncidentReport analyze(Alert alert) throws InterruptedException {
    long start = System.nanoTime();
    List<Object> tokens = reuse.enabled() ? stateTokens(alert) : null;
    if (tokens != null) {
      // an alert that waited for an analysis it could not reuse gets its own, with a whole deadline
      return reuse.answer(
          alert,
          tokens,
          () -> stateTokens(alert),
          start,
          () -> analyzeNow(alert, System.nanoTime(), start));
    }
    return analyzeNow(alert, start, start);
  }

  /**
   * Every source's state token for this alert, in order, and the planner's runbooks; null when any
   * source cannot tell (or failed to).
   */
  private List<Object> stateTokens(Alert alert) {
    List<Object> tokens = new ArrayList<>(sources.size() + 1);
    for (EvidenceSource source : sources) {
      Object token;
      try {
        token = source.stateToken(alert);
      } catch (RuntimeException e) {
        log.warn("State of evidence source {} unknown; not reusing an analysis", source.name(), e);
        return null;
      }
      if (token == null) {
        return null;
      }
      tokens.add(token);
    }
    tokens.add(planner.version());
    return tokens;
  }

  /**
   * @param from when the deadline starts
   * @param start when the alert's handling started, for the report's duration
   */
  private IncidentReport analyzeNow(Alert alert, long from, long start)
      throws InterruptedException {
    long deadline = from + timeout.toNanos();
    // Credentials leave the evidence before anything reads it: the verdict, the LLM request, the
    // published documents, the archive and the escalations all start from redacted text.
    Evidence evidence =
        EvidenceRedaction.redact(
            redactor, correlator.apply(new Evidence(alert, collect(alert, deadline))));
    Diagnosis diagnosis;
    List<Recommendation> recommendations;
    SourceReport missing = evidence.notFound();
    if (missing != null) {
      diagnosis =
          new Diagnosis.NotFound(
              analyzer.name(),
              missing.detail() != null
                  ? missing.detail()
                  : "service " + alert.namespace() + "/" + alert.service() + " not found");
      recommendations = List.of();
    } else {
      // Rules first, always: the LLM refines their verdict within what is left of the deadline,
      // never replaces it blindly.
      RootCause rules = analyzer.analyze(evidence);
      List<Recommendation> candidates = planner.recommend(evidence, rules);
      LlmAnalysis refined = llm.analyze(evidence, rules, candidates, left(deadline));
      diagnosis =
          new Diagnosis.Verdict(
              refined.rootCause(),
              refined.analyzer(),
              refined.llmStatus().wire(),
              refined.detail());
      recommendations =
          refined.preferredFirst(recommendations(evidence, rules, candidates, refined));
    }
    return new IncidentReport(
        evidence,
        diagnosis,
        Plan.of(alert, diagnosis, recommendations),
        IncidentReport.Remediation.NONE,
        elapsed(start));
  }

  /**
   * What to publish: the planner's candidates for the rules' verdict, or, when the LLM moved the
   * verdict, the runbooks for its category among those the LLM was shown, never any other (a model
   * must not be able to bring a runbook into play that the planner did not offer it).
   */
  private List<Recommendation> recommendations(
      Evidence evidence, RootCause rules, List<Recommendation> candidates, LlmAnalysis refined) {
    if (!refined.usedLlm()) {
      return candidates;
    }
    java.util.Set<String> shown = java.util.Set.copyOf(LlmAnalyzer.shownRunbookIds(candidates));
    List<Recommendation> planned =
        refined.rootCause().category() == rules.category()
            ? candidates
            : planner.recommend(evidence, refined.rootCause());
    List<Recommendation> allowed =
        planned.stream().filter(r -> shown.contains(r.runbookId())).toList();
    if (allowed.isEmpty()) {
      allowed = candidates.stream().filter(r -> shown.contains(r.runbookId())).toList();
    }
    return allowed;
  }

  /**
   * Every source in parallel, on the executor (which carries the alert's MDC into each task),
   * bounded by the analysis deadline alone: a source that overruns it is cancelled (interrupted)
   * and reported unavailable.
   */
  private List<SourceReport> collect(Alert alert, long deadline) throws InterruptedException {
    List<Callable<SourceReport>> tasks = new ArrayList<>();
    for (EvidenceSource source : sources) {
      tasks.add(() -> source.collect(alert));
    }
    List<Future<SourceReport>> futures =
        executor.invokeAll(
            tasks, left(deadline).toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
    List<SourceReport> reports = new ArrayList<>();
    for (int i = 0; i < futures.size(); i++) {
      String name = sources.get(i).name();
      try {
        reports.add(futures.get(i).get());
      } catch (CancellationException e) {
        reports.add(
            SourceReport.unavailable(
                name, name + " did not answer within " + timeout.toSeconds() + " s"));
      } catch (ExecutionException e) {
        log.warn(
            "Evidence source {} failed for {}/{}",
            name,
            alert.namespace(),
            alert.service(),
            e.getCause());
        reports.add(SourceReport.error(name, name + " failed: " + e.getCause()));
      }
    }
    return reports;
  }

  private static Duration left(long deadlineNanos) {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
