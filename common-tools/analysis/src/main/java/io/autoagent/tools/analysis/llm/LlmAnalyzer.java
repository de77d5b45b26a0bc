package io.autoagent.tools.analysis.llm;

import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import io.autoagent.core.llm.LlmClient;
import io.autoagent.core.llm.LlmConfig;
import io.autoagent.core.llm.LlmReply;
import io.autoagent.core.llm.Redactor;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.EvidenceRedaction;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.Recommendation;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.Severity;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refines the rules' verdict with an LLM, never replacing evidence: called after the rules analyzer
 * and the runbook planner, with the rules' verdict and the planner's recommendations as candidates.
 *
 * <p>Always answers, within {@code LLM_TIMEOUT_S} (both attempts included): with the LLM's verdict
 * when it is valid ({@link LlmStatus#OK}), else with the rules' verdict unchanged and the reason as
 * {@code sources.llm}. Evidence is bounded to {@code LLM_MAX_INPUT_TOKENS}, redacted, optionally
 * anonymized and fenced as data before it leaves; an invalid answer is retried once. Answers are
 * cached by the evidence bundle's hash, and concurrent analyses of the same evidence share one
 * call. Thread-safe.
 */
public final class LlmAnalyzer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LlmAnalyzer.class);

  static final int MAX_ATTEMPTS = 2;
  static final int MIN_OUTPUT_TOKENS = 128;
  private static final int CACHE_ENTRIES = 1024;

  private final LlmClient client;
  private final LlmConfig config;
  private final SecretValues secrets;
  private final Redactor base = new Redactor();
  private final AnalysisMetrics metrics;
  private final AnswerCache cache;
  private final Map<String, Future<LlmAnalysis>> inFlight = new ConcurrentHashMap<>();

  /** Runs the model calls, with the MDC of the analysis that started each (alert id, workload). */
  private final ExecutorService executor =
      io.autoagent.core.logging.MdcExecutor.wrap(Executors.newVirtualThreadPerTaskExecutor());

  LlmAnalyzer(
      LlmClient client,
      LlmConfig config,
      SecretValues secrets,
      AnalysisMetrics metrics,
      Clock clock) {
    this.client = client;
    this.config = config;
    this.secrets = secrets;
    this.metrics = metrics;
    this.cache = new AnswerCache(clock, config.cacheTtl(), CACHE_ENTRIES);
  }

  /** Whether an LLM provider is configured. */
  public boolean enabled() {
    return client.enabled();
  }

  /** {@code llm/<provider>/<model>} when enabled, else {@code rules}. */
  public String name() {
    return enabled() ? "llm/" + client.provider() + "/" + client.model() : LlmAnalysis.RULES;
  }

  /**
   * Value of {@code connections.llm} in the heartbeat: {@code ok}, {@code down} or {@code
   * disabled}.
   */
  public String connectionState() {
    return client.state().wire();
  }

  /**
   * The verdict to publish for this evidence.
   *
   * @param evidence what the sources gathered
   * @param rules the rules analyzer's verdict, computed first; stands whenever the LLM's cannot
   * @param candidates the runbooks the planner recommends; the LLM may only choose among them
   */
  public LlmAnalysis analyze(Evidence evidence, RootCause rules, List<Recommendation> candidates) {
    return analyze(evidence, rules, candidates, config.timeout());
  }

  /**
   * As {@link #analyze(Evidence, RootCause, List)}, within {@code timeLeft}: the time the analysis
   * has left of {@code ANALYSIS_TIMEOUT_S}. The LLM never holds an analysis past it; when it runs
   * out, the rules' verdict stands.
   */
  public LlmAnalysis analyze(
      Evidence evidence, RootCause rules, List<Recommendation> candidates, Duration timeLeft) {
    LlmAnalysis result = decide(evidence, rules, candidates, timeLeft);
    metrics.analysis(result.llmStatus());
    return result;
  }

  /** The runbook ids the LLM is shown, and the only ones an analysis it refined may publish. */
  public static List<String> shownRunbookIds(List<Recommendation> candidates) {
    return candidates.stream()
        .map(Recommendation::runbookId)
        .distinct()
        .limit(BundleBuilder.MAX_CANDIDATES)
        .toList();
  }

  private LlmAnalysis decide(
      Evidence evidence, RootCause rules, List<Recommendation> candidates, Duration timeLeft) {
    if (!client.enabled()) {
      return LlmAnalysis.rules(rules, LlmStatus.SKIPPED, "no LLM provider is configured");
    }
    if (evidence.findings().isEmpty()) {
      return LlmAnalysis.rules(rules, LlmStatus.SKIPPED, "no findings to explain");
    }
    Set<Category> allowed = allowedCategories(evidence, rules);
    List<String> categories = allowed.stream().map(Category::name).toList();
    List<String> ids = shownRunbookIds(candidates);
    Anonymizer anonymizer = config.anonymize() ? Anonymizer.of(evidence) : Anonymizer.NONE;
    // The evidence is redacted as collected; this also covers evidence built elsewhere (tests, the
    // guardian).
    Redactor redactor =
        config.redact()
            ? EvidenceRedaction.redactorFor(base, evidence)
                .withLiterals(secrets.valuesFor(evidence.alert()))
            : Redactor.NONE;
    UnaryOperator<String> clean = s -> Prompts.defuse(anonymizer.mask(redactor.redact(s)));
    int overhead = Prompts.overheadTokens(categories, ids);
    BundleBuilder.Built bundle =
        new BundleBuilder(config.maxInputTokens() - overhead)
            .build(evidence, rules, candidates, clean);
    if (!bundle.fits()) {
      return LlmAnalysis.rules(
          rules, LlmStatus.SKIPPED, "evidence does not fit LLM_MAX_INPUT_TOKENS");
    }
    int input = bundle.tokens() + overhead;
    int maxOutput = Math.min(config.maxOutputTokens(), config.budgetTokens() - input);
    if (maxOutput < MIN_OUTPUT_TOKENS) {
      return LlmAnalysis.rules(
          rules, LlmStatus.SKIPPED, "prompt of ~" + input + " tokens exceeds LLM_BUDGET_TOKENS");
    }
    String key = EvidenceBundle.hash(bundle.json() + "|" + categories + "|" + config.anonymize());
    LlmAnalysis cached = cache.get(key);
    metrics.cache(cached != null);
    if (cached != null) {
      return cached;
    }
    long wait = Math.min(config.timeout().toMillis(), timeLeft.toMillis());
    if (wait <= 0) {
      return LlmAnalysis.rules(
          rules, LlmStatus.UNAVAILABLE, "no time left within ANALYSIS_TIMEOUT_S");
    }
    long deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
    Call call =
        new Call(
            key,
            bundle.json(),
            categories,
            allowed,
            ids,
            anonymizer,
            rules,
            input,
            maxOutput,
            deadlineNanos);
    return await(key, call, rules, wait);
  }

  /** Waits for this evidence's call, shared with concurrent analyses of the same evidence. */
  private LlmAnalysis await(String key, Call call, RootCause rules, long waitMillis) {
    Future<LlmAnalysis> future = inFlight.computeIfAbsent(key, k -> executor.submit(call::run));
    try {
      return future.get(waitMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // another analysis may still share this call within its own deadline: cancel only when none
      // does
      if (inFlight.remove(key, future)) {
        future.cancel(true);
      }
      log.warn("LLM gave no valid answer within {} ms; using the rules' verdict", waitMillis);
      return LlmAnalysis.rules(
          rules, LlmStatus.UNAVAILABLE, "no answer within " + waitMillis + " ms");
    } catch (ExecutionException e) {
      log.error("LLM analysis failed; using the rules' verdict", e.getCause());
      return LlmAnalysis.rules(rules, LlmStatus.ERROR, "LLM analysis failed: " + e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return LlmAnalysis.rules(rules, LlmStatus.UNAVAILABLE, "interrupted");
    } catch (java.util.concurrent.CancellationException e) {
      return LlmAnalysis.rules(rules, LlmStatus.UNAVAILABLE, "abandoned by a concurrent analysis");
    } finally {
      inFlight.remove(key, future);
    }
  }

  /**
   * Categories the LLM may name: those of the findings, and the rules' own; HEALTHY and UNKNOWN
   * only when no finding is high or critical, so text in a log cannot talk a real failure away.
   */
  static Set<Category> allowedCategories(Evidence evidence, RootCause rules) {
    Set<Category> allowed = EnumSet.noneOf(Category.class);
    // configuration review (LOW, INFO) is never a root cause, whatever a model is told
    evidence.findings().stream()
        .filter(f -> f.severity().compareTo(Severity.MEDIUM) <= 0)
        .forEach(f -> allowed.add(f.category()));
    allowed.add(rules.category());
    boolean severe =
        evidence.findings().stream()
            .map(Finding::severity)
            .anyMatch(s -> s.compareTo(Severity.HIGH) <= 0);
    if (severe) {
      allowed.remove(Category.HEALTHY);
      allowed.remove(Category.UNKNOWN);
    } else {
      allowed.add(Category.HEALTHY);
      allowed.add(Category.UNKNOWN);
    }
    if (allowed.isEmpty()) {
      allowed.add(rules.category());
    }
    return allowed;
  }

  /** One analysis's exchange with the model: at most two attempts, within the token budget. */
  private final class Call {
    private final String key;
    private final String evidenceJson;
    private final List<String> categories;
    private final Set<Category> allowed;
    private final List<String> ids;
    private final Anonymizer anonymizer;
    private final RootCause rules;
    private final int input;
    private final int maxOutput;
    private final long deadlineNanos;

    Call(
        String key,
        String evidenceJson,
        List<String> categories,
        Set<Category> allowed,
        List<String> ids,
        Anonymizer anonymizer,
        RootCause rules,
        int input,
        int maxOutput,
        long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
      this.key = key;
      this.evidenceJson = evidenceJson;
      this.categories = categories;
      this.allowed = allowed;
      this.ids = ids;
      this.anonymizer = anonymizer;
      this.rules = rules;
      this.input = input;
      this.maxOutput = maxOutput;
    }

    LlmAnalysis run() {
      String rejection = null;
      int spent = 0;
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        if (spent + input + MIN_OUTPUT_TOKENS > config.budgetTokens()) {
          return cached(
              LlmAnalysis.rules(rules, LlmStatus.ERROR, rejection + "; LLM_BUDGET_TOKENS spent"));
        }
        LlmReply reply;
        try {
          reply =
              client.chat(
                  Prompts.prompt(evidenceJson, categories, ids, rejection, maxOutput)
                      .withDeadline(deadlineNanos));
        } catch (RetriableException e) {
          log.warn("LLM unavailable, using the rules' verdict: {}", e.getMessage());
          return LlmAnalysis.rules(rules, LlmStatus.UNAVAILABLE, e.getMessage());
        } catch (PermanentException e) {
          log.error("LLM refused the request, using the rules' verdict: {}", e.getMessage());
          return LlmAnalysis.rules(rules, LlmStatus.ERROR, e.getMessage());
        }
        spent += reply.totalTokens() > 0 ? reply.totalTokens() : input + maxOutput;
        AnswerValidator.Result result =
            AnswerValidator.validate(reply.text(), allowed, Set.copyOf(ids));
        if (result instanceof AnswerValidator.Accepted a) {
          RootCause verdict =
              new RootCause(a.category(), anonymizer.unmask(a.summary()), a.confidence());
          return cached(LlmAnalysis.llm(verdict, name(), a.runbookIds()));
        }
        rejection = ((AnswerValidator.Rejected) result).reason();
        log.warn("LLM answer rejected (attempt {} of {}): {}", attempt, MAX_ATTEMPTS, rejection);
      }
      return cached(LlmAnalysis.rules(rules, LlmStatus.ERROR, "invalid answer: " + rejection));
    }

    /** Valid answers and answers that failed validation are deterministic enough to reuse. */
    private LlmAnalysis cached(LlmAnalysis analysis) {
      cache.put(key, analysis);
      return analysis;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    client.close();
  }
}
