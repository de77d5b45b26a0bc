package io.autoagent.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.AgentRuntime;
import io.autoagent.core.json.ContractSchemas;
import io.autoagent.core.json.Json;
import io.autoagent.core.logging.MdcExecutor;
import io.autoagent.core.messaging.ConsumerSpec;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.DocumentPublisher;
import io.autoagent.core.messaging.Endpoint;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.NatsTransport;
import io.autoagent.core.messaging.Publisher;
import io.autoagent.core.metrics.AgentMetrics;
import io.autoagent.core.status.StatusReporter;
import io.autoagent.infra.metrics.ConsumerLagMetrics;
import io.autoagent.infra.metrics.MeteredAuditSink;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Analyzer;
import io.autoagent.tools.analysis.EvidenceSource;
import io.autoagent.tools.analysis.RulesAnalyzer;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.analysis.llm.LlmAnalyzer;
import io.autoagent.tools.analysis.llm.LlmAnalyzers;
import io.autoagent.tools.analysis.llm.SecretValues;
import io.autoagent.tools.argocd.ArgoCdClient;
import io.autoagent.tools.argocd.ArgoCdEvidenceSource;
import io.autoagent.tools.argocd.ArgoCdWorkloads;
import io.autoagent.tools.drift.KubernetesLiveCluster;
import io.autoagent.tools.drift.LiveCluster;
import io.autoagent.tools.escalation.Escalations;
import io.autoagent.tools.escalation.Outbox;
import io.autoagent.tools.git.ChangeCorrelator;
import io.autoagent.tools.git.GitEvidenceSource;
import io.autoagent.tools.git.GitOptions;
import io.autoagent.tools.gitops.GitOpsRemediator;
import io.autoagent.tools.kube.KubeOptions;
import io.autoagent.tools.kube.KubernetesEvidenceSource;
import io.autoagent.tools.kube.LogSignals;
import io.autoagent.tools.remediation.ArgoCdPort;
import io.autoagent.tools.remediation.NatsAuditSink;
import io.autoagent.tools.remediation.RemediationEngine;
import io.autoagent.tools.remediation.policy.InformerPolicySource;
import io.autoagent.tools.remediation.policy.PolicySource;
import io.autoagent.tools.remediation.signature.WebhookSignatures;
import io.autoagent.tools.remediation.store.KvExecutionStore;
import io.autoagent.tools.runbook.LibraryRunbookPlanner;
import io.autoagent.tools.runbook.RunbookLibrary;
import io.autoagent.tools.runbook.RunbookRejection;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The infrastructure agent, wired by hand: evidence sources, analyzer and runbook library behind
 * the analysis pipeline, its two request handlers, and the shared runtime. {@link #close} stops it
 * gracefully, in reverse order of creation.
 */
public final class InfrastructureAgent implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InfrastructureAgent.class);

  /** Request/reply endpoints of the contract's NATS Service API registration. */
  public static final String SUBJECT_STATUS = "agent.infrastructure.status";

  public static final String SUBJECT_ANALYZE = "agent.infrastructure.analyze";

  /** How often the consumers' backlog gauges are refreshed. */
  private static final java.time.Duration LAG_INTERVAL = java.time.Duration.ofSeconds(15);

  private final NatsTransport transport;
  private final AgentRuntime runtime;
  private final List<EvidenceSource> sources;
  private final RunbookLibrary runbooks;
  private final LlmAnalyzer llm;
  private final InformerPolicySource policies;
  private final Escalations escalations;
  private final GitOpsRemediator gitops;

  /** The pull-request lane; null without GitOps. */
  private final Outbox pullRequests;

  private final ExecutorService executor;
  private final AgentMetrics metrics;

  /** Counter of alerts answered from an earlier analysis ({@code ANALYSIS_REUSE_MS}). */
  static final String ANALYSES_REUSED = "agent.analyses.reused";

  private final ConsumerLagMetrics lag;

  /** Argo CD asked at runbook-request time; null without Argo CD. */
  private final ArgoCdWorkloads argoWorkloads;

  private InfrastructureAgent(
      NatsTransport transport,
      AgentRuntime runtime,
      List<EvidenceSource> sources,
      RunbookLibrary runbooks,
      LlmAnalyzer llm,
      InformerPolicySource policies,
      Escalations escalations,
      GitOpsRemediator gitops,
      Outbox pullRequests,
      ExecutorService executor,
      AgentMetrics metrics,
      ConsumerLagMetrics lag,
      ArgoCdWorkloads argoWorkloads) {
    this.lag = lag;
    this.argoWorkloads = argoWorkloads;
    this.escalations = escalations;
    this.gitops = gitops;
    this.pullRequests = pullRequests;
    this.llm = llm;
    this.policies = policies;
    this.transport = transport;
    this.runtime = runtime;
    this.sources = sources;
    this.runbooks = runbooks;
    this.executor = executor;
    this.metrics = metrics;
  }

  /**
   * Starts with the sources the configuration enables; runbooks execute when a cluster is
   * configured.
   */
  public static InfrastructureAgent start(InfraConfig config)
      throws IOException, InterruptedException {
    KubernetesClient client =
        config.kubernetesConfigured() ? new KubernetesClientBuilder().build() : null;
    return start(
        config, client, defaultSources(config, client), new RulesAnalyzer(), Clock.systemUTC());
  }

  /** Starts with explicit evidence sources and analyzer, without runbook execution. */
  public static InfrastructureAgent start(
      InfraConfig config, List<EvidenceSource> sources, Analyzer analyzer, Clock clock)
      throws IOException, InterruptedException {
    return start(config, null, sources, analyzer, clock);
  }

  /**
   * Starts with explicit parts; tests and the local sandbox use this.
   *
   * @param cluster the cluster runbooks change; null answers every execution request {@code
   *     rejected} (nothing can be changed)
   */
  public static InfrastructureAgent start(
      InfraConfig config,
      KubernetesClient cluster,
      List<EvidenceSource> sources,
      Analyzer analyzer,
      Clock clock)
      throws IOException, InterruptedException {
    ObjectMapper mapper = Json.newMapper();
    ContractSchemas schemas = new ContractSchemas();
    AgentMetrics metrics = new AgentMetrics(InfraConfig.AGENT_NAME);
    // Evidence sources run here for an alert: each task carries the alert's MDC.
    ExecutorService executor = MdcExecutor.wrap(Executors.newVirtualThreadPerTaskExecutor());
    AlertDecoder decoder = new AlertDecoder(mapper, schemas, config.core().maxPayloadBytes());
    InformerPolicySource policies = cluster == null ? null : InformerPolicySource.start(cluster);
    LlmAnalyzer llm =
        LlmAnalyzers.create(config.llm(), metrics.registry(), clock, SecretValues.NONE);
    // Closed in reverse order if start-up fails half way.
    Deque<AutoCloseable> made = new ArrayDeque<>();
    made.push(metrics);
    made.push(executor::shutdownNow);
    if (policies != null) {
      made.push(policies);
    }
    made.push(llm);
    try {
      // 1. transport
      NatsTransport transport = NatsTransport.connect(config.core().nats());
      made.push(transport);
      Publisher publisher = transport.publisher();
      DocumentPublisher documentPublisher = new DocumentPublisher(mapper, publisher);
      Envelopes envelopes = new Envelopes(mapper, InfraConfig.AGENT_NAME, clock);
      // 2. tools
      RunbookLibrary library = runbookLibrary(config, transport, envelopes, documentPublisher);
      made.push(library);
      ConsumerLagMetrics lag =
          ConsumerLagMetrics.start(
              transport.connection(),
              metrics.registry(),
              List.of(
                  new ConsumerLagMetrics.Durable(
                      Contract.AGENT_TASKS, Contract.CONSUMER_INFRASTRUCTURE),
                  new ConsumerLagMetrics.Durable(
                      Contract.RUNBOOK_EXECUTIONS, Contract.CONSUMER_INFRASTRUCTURE_RUNBOOKS)),
              LAG_INTERVAL);
      made.push(lag);
      AnalysisService analysis =
          new AnalysisService(
              sources,
              correlator(config),
              analyzer,
              llm,
              new LibraryRunbookPlanner(library),
              config.analysisTimeout(),
              config.analysisReuse(),
              executor);
      io.micrometer.core.instrument.FunctionCounter.builder(
              ANALYSES_REUSED, analysis, AnalysisService::reusedTotal)
          .description("alerts answered from an earlier analysis of the same alert")
          .register(metrics.registry());
      AnalysisDocuments documents = new AnalysisDocuments(envelopes);
      // GitOps first: the outbox may hold pull requests queued before a restart.
      GitOpsRemediator remediator =
          config.gitops().configured() ? new GitOpsRemediator(config.gitops()) : null;
      if (remediator != null) {
        made.push(remediator);
      }
      // Pull requests the forge did not take at once wait in a lane of their own, whose worker
      // opens them.
      Outbox pullRequests =
          remediator == null
              ? null
              : Outbox.open(
                  transport.stores(),
                  Outbox.PULL_REQUESTS,
                  Outbox.Options.DEFAULTS,
                  new PullRequestDelivery(remediator, mapper, envelopes, publisher));
      if (pullRequests != null) {
        pullRequests.start();
        made.push(pullRequests);
      }
      Escalations escalations =
          Escalations.create(
              config.escalation(),
              transport.stores(),
              metrics.registry(),
              pullRequests == null
                  ? Escalations.NO_PULL_REQUESTS
                  : Escalations.forwardTo(pullRequests));
      made.push(escalations);
      // whether Argo CD manages a workload, asked of Argo CD at runbook-request time (a request
      // may come before any alert about it, or after a restart); no evidence source is involved
      ArgoCdWorkloads argoWorkloads =
          config.argocd() == null ? null : new ArgoCdWorkloads(new ArgoCdClient(config.argocd()));
      if (argoWorkloads != null) {
        made.push(argoWorkloads);
      }
      GitOpsRouter gitops =
          new GitOpsRouter(
              config.gitops(),
              remediator == null ? null : new GitOpsProposals(remediator, pullRequests, mapper),
              argoWorkloads == null ? AnalysisDocuments.ArgoCdStates.NONE : argoWorkloads::managing,
              library::find);
      RemediationEngine engine =
          cluster == null
              ? null
              : remediationEngine(
                  config,
                  cluster,
                  policies,
                  library,
                  gitops,
                  transport,
                  mapper,
                  envelopes,
                  publisher,
                  metrics.registry());
      // 3. handlers
      AlertHandler alerts =
          new AlertHandler(
              decoder,
              analysis,
              documents,
              documentPublisher,
              engine,
              escalations,
              gitops,
              policies == null ? PolicySource.NONE : policies);
      RunbookRequestHandler runbookRequests =
          engine == null
              ? new RunbookRequestHandler(
                  mapper, schemas, envelopes, publisher, config.core().maxPayloadBytes())
              : new RunbookRequestHandler(
                  mapper,
                  schemas,
                  envelopes,
                  publisher,
                  config.core().maxPayloadBytes(),
                  engine,
                  new WebhookSignatures(
                      config.remediation().secretKey(), config.remediation().maxSkew(), clock));
      List<ConsumerSpec> consumers =
          List.of(
              new ConsumerSpec(
                  Contract.AGENT_TASKS,
                  Contract.CONSUMER_INFRASTRUCTURE,
                  Contract.SUBJECT_INFRASTRUCTURE,
                  config.core().workers(),
                  alerts),
              new ConsumerSpec(
                  Contract.RUNBOOK_EXECUTIONS,
                  Contract.CONSUMER_INFRASTRUCTURE_RUNBOOKS,
                  Contract.SUBJECT_RUNBOOK_EXECUTE,
                  config.runbookWorkers(),
                  runbookRequests));
      StatusReporter status =
          AgentRuntime.statusReporter(
              config.core(),
              mapper,
              envelopes,
              transport,
              metrics,
              () -> connections(sources, llm, library),
              () ->
                  library.all().isEmpty()
                      ? List.of(emptyLibraryReason(config, library))
                      : List.of());
      List<Endpoint> endpoints =
          List.of(
              new Endpoint(
                  "status",
                  SUBJECT_STATUS,
                  (body, id) -> Json.bytes(mapper, status.currentMessage())),
              new Endpoint(
                  "analyze", SUBJECT_ANALYZE, (body, id) -> analyzeNow(alerts, mapper, body, id)));
      // 4. runtime
      AgentRuntime runtime =
          AgentRuntime.start(
              config.core(), transport, mapper, envelopes, metrics, status, consumers, endpoints);
      // Caches, clones and fetches begin now that the agent is ready: on a small CPU share their
      // first lists would otherwise slow start-up. Until the caches sync, reads go to the API.
      sources.forEach(EvidenceSource::start);
      return new InfrastructureAgent(
          transport,
          runtime,
          sources,
          library,
          llm,
          policies,
          escalations,
          remediator,
          pullRequests,
          executor,
          metrics,
          lag,
          argoWorkloads);
    } catch (IOException | InterruptedException | RuntimeException e) {
      while (!made.isEmpty()) {
        try {
          made.pop().close();
        } catch (Exception suppressed) {
          e.addSuppressed(suppressed);
        }
      }
      throw e;
    }
  }

  private static Map<String, String> connections(
      List<EvidenceSource> sources, LlmAnalyzer llm, RunbookLibrary library) {
    Map<String, String> states = new LinkedHashMap<>();
    for (EvidenceSource source : sources) {
      states.put(source.name(), connectionState(source));
    }
    states.put("llm", llm.connectionState());
    states.put("runbooks", library.all().isEmpty() ? "down" : "ok");
    return states;
  }

  /**
   * Ties failures to the changes that caused them (BAD_CHANGE) once all sources have reported,
   * since sources run in parallel and do not see each other's findings.
   */
  private static ChangeCorrelator correlator(InfraConfig config) {
    return new ChangeCorrelator(
        config.git() != null ? config.git().lookback() : GitOptions.lookbackFromEnv(Map.of()));
  }

  /**
   * The {@code agent.infrastructure.analyze} endpoint: the same analysis as on the queue, published
   * as usual, and also returned to the caller (an array when the body held several alerts).
   */
  private static byte[] analyzeNow(
      AlertHandler handler, ObjectMapper mapper, byte[] body, String requestId) {
    List<AnalysisMessage> answers =
        handler.process(body, requestId != null ? requestId : "req-" + UUID.randomUUID());
    if (answers.isEmpty()) {
      throw new io.autoagent.core.PermanentException(
          "nothing to analyse: the request holds no firing alert");
    }
    return answers.size() == 1
        ? Json.bytes(mapper, answers.getFirst())
        : Json.bytes(mapper, answers);
  }

  /**
   * The runbook library: files from {@code RUNBOOK_DIR}, overridden by the {@code runbooks} KV
   * bucket; a refused update becomes an {@code agent.events.infrastructure-agent} event.
   */
  private static RunbookLibrary runbookLibrary(
      InfraConfig config,
      NatsTransport transport,
      Envelopes envelopes,
      DocumentPublisher publisher) {
    Path dir = config.runbookDir();
    if (dir != null && !Files.isDirectory(dir)) {
      log.info(
          "Runbook directory {} does not exist: the built-in runbooks and the KV bucket {} are used",
          dir,
          RunbookLibrary.DEFAULT_BUCKET);
      dir = null;
    }
    return RunbookLibrary.builder()
        .builtIn(true)
        .directory(dir)
        .stores(transport.stores())
        .rejectionListener(
            rejection -> {
              log.warn("Runbook {} refused: {}", rejection.source(), rejection.summary());
              publishRejection(rejection, envelopes, publisher);
            })
        .build();
  }

  /** Why the library is empty, for the heartbeat's {@code degraded_reasons}. */
  static String emptyLibraryReason(InfraConfig config, RunbookLibrary library) {
    return "runbook library is empty: no built-in runbooks in the jar, none in RUNBOOK_DIR "
        + config.runbookDir()
        + (library.errors().isEmpty() ? "" : " (" + library.errors().size() + " refused)")
        + " and none in the KV bucket "
        + RunbookLibrary.DEFAULT_BUCKET
        + "; every analysis recommends investigate-manually";
  }

  private static void publishRejection(
      RunbookRejection rejection, Envelopes envelopes, DocumentPublisher publisher) {
    RunbookRejectedEvent event =
        RunbookRejectedEvent.of(
            envelopes.envelope(
                RunbookRejectedEvent.TYPE, "runbook-rejected-" + UUID.randomUUID(), null),
            rejection);
    try {
      publisher.publish(Contract.SUBJECT_EVENTS_PREFIX + envelopes.source(), event);
    } catch (RuntimeException e) {
      log.warn("Could not publish the rejection of {}: {}", rejection.source(), e.toString());
    }
  }

  private static String connectionState(EvidenceSource source) {
    if (source instanceof SkippedSource) {
      return "disabled";
    }
    return source.healthy() ? "ok" : "down";
  }

  /**
   * Kubernetes, git and Argo CD, each real when configured and {@code skipped} (saying why) when
   * not.
   */
  static List<EvidenceSource> defaultSources(InfraConfig config, KubernetesClient client) {
    return List.of(
        client != null
            ? kubernetes(client, config)
            : new SkippedSource(
                "kubernetes",
                "no cluster configured: KUBECONFIG is unset, ~/.kube/config is missing and the agent is not in a pod"),
        git(config, client == null ? LiveCluster.NONE : new KubernetesLiveCluster(client)),
        client == null ? argocd(config) : argocd(config, client));
  }

  /**
   * The runbook execution engine: the cluster, the runbook library, AutoRemediationPolicy objects,
   * an idempotency record per execution in JetStream KV, the audit trail on {@code
   * runbook.execution.infrastructure}, Argo CD when configured, and GitOps routing (pull requests
   * instead of live patches where it applies).
   */
  private static RemediationEngine remediationEngine(
      InfraConfig config,
      KubernetesClient cluster,
      InformerPolicySource policies,
      RunbookLibrary library,
      GitOpsRouter gitops,
      NatsTransport transport,
      ObjectMapper mapper,
      Envelopes envelopes,
      Publisher publisher,
      io.micrometer.core.instrument.MeterRegistry registry) {
    NatsAuditSink audit = new NatsAuditSink(mapper, envelopes, publisher);
    return RemediationEngine.builder()
        .client(cluster)
        .runbooks(library::find)
        .policies(policies)
        .store(KvExecutionStore.open(transport.stores(), config.remediation().bucket(), mapper))
        .audit(new MeteredAuditSink(audit, registry))
        .events(audit)
        .argo(
            config.argocd() == null
                ? ArgoCdPort.UNAVAILABLE
                : new ArgoCdRemediationPort(new ArgoCdClient(config.argocd())))
        .config(config.remediation())
        .gitops(gitops)
        .build();
  }

  /**
   * The git source when {@code GIT_REPO_PATH} is set; once started, it clones and fetches in the
   * background.
   */
  public static EvidenceSource git(InfraConfig config, LiveCluster live) {
    if (config.git() == null) {
      return new SkippedSource("git", "GIT_REPO_PATH is not set");
    }
    return new GitEvidenceSource(config.git(), live); // started with the agent
  }

  /** The Argo CD source when {@code ARGOCD_SERVER} is set. */
  public static EvidenceSource argocd(InfraConfig config) {
    if (config.argocd() == null) {
      return new SkippedSource("argocd", "ARGOCD_SERVER is not set");
    }
    return new ArgoCdEvidenceSource(new ArgoCdClient(config.argocd()), config.argocd());
  }

  /**
   * The Argo CD source when {@code ARGOCD_SERVER} is set, asking first for the application the live
   * workload's tracking annotation names (read through {@code client}, which the caller owns).
   */
  public static EvidenceSource argocd(InfraConfig config, KubernetesClient client) {
    if (config.argocd() == null) {
      return new SkippedSource("argocd", "ARGOCD_SERVER is not set");
    }
    return new ArgoCdEvidenceSource(
        new ArgoCdClient(config.argocd()),
        config.argocd(),
        new io.autoagent.tools.argocd.KubernetesApplicationHints(client));
  }

  /**
   * A Kubernetes source over {@code client}, its informers started with the agent (reads go to the
   * API until they sync); closing the source closes the client.
   */
  public static EvidenceSource kubernetes(KubernetesClient client, InfraConfig config) {
    KubeOptions options = KubeOptions.defaults().withWatchNamespaces(config.watchNamespaces());
    // the log scans are remembered for the agent's life, sized so the longest log read fits
    KubernetesEvidenceSource source =
        new KubernetesEvidenceSource(client, options, LogSignals.forLogBytes(options.logBytes()));
    return new EvidenceSource() {
      @Override
      public void start() {
        source.start();
      }

      @Override
      public String name() {
        return source.name();
      }

      @Override
      public SourceReport collect(Alert alert) {
        return source.collect(alert);
      }

      @Override
      public Object stateToken(Alert alert) {
        return source.stateToken(alert);
      }

      @Override
      public boolean healthy() {
        return source.healthy();
      }

      @Override
      public void close() {
        source.close();
        client.close();
      }
    };
  }

  public AgentRuntime runtime() {
    return runtime;
  }

  /** The NATS connection and everything made from it, for parts started beside the agent. */
  public NatsTransport transport() {
    return transport;
  }

  public RunbookLibrary runbooks() {
    return runbooks;
  }

  /** The agent's meter registry (served on {@code /metrics}), for parts started beside it. */
  public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
    return metrics.registry();
  }

  /**
   * Whether the AutoRemediationPolicies have been listed once (true without a cluster: there are
   * none).
   */
  boolean policiesSynced() {
    return policies == null || policies.hasSynced();
  }

  /** Closes in reverse order of creation: runtime, tools, transport, then what came before it. */
  @Override
  public void close() {
    if (lag != null) {
      lag.close();
    }
    runtime.close();
    escalations.close();
    if (pullRequests != null) {
      pullRequests.close();
    }
    if (gitops != null) {
      gitops.close();
    }
    if (runbooks != null) {
      runbooks.close();
    }
    if (argoWorkloads != null) {
      argoWorkloads.close();
    }
    transport.close();
    executor.shutdownNow();
    llm.close();
    if (policies != null) {
      policies.close();
    }
    sources.forEach(EvidenceSource::close);
    metrics.close();
  }
}
