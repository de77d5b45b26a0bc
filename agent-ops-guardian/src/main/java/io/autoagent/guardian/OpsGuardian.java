package io.autoagent.guardian;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.AgentRuntime;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.ConsumerSpec;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.messaging.Endpoint;
import io.autoagent.core.messaging.Envelopes;
import io.autoagent.core.messaging.NatsTransport;
import io.autoagent.core.messaging.Publisher;
import io.autoagent.core.metrics.AgentMetrics;
import io.autoagent.core.status.StatusReporter;
import io.autoagent.guardian.advisor.AdvisorConnection;
import io.autoagent.guardian.command.CommandHandler;
import io.autoagent.guardian.config.OpsGuardianConfig;
import io.autoagent.guardian.coordination.Coordinator;
import io.autoagent.guardian.coordination.Pauses;
import io.autoagent.guardian.decision.ScalingEngine;
import io.autoagent.guardian.events.AdvisorOutcomeMetrics;
import io.autoagent.guardian.events.DecisionMetrics;
import io.autoagent.guardian.events.GuardianEvents;
import io.autoagent.guardian.forecast.AdaptiveForecaster;
import io.autoagent.guardian.history.KvHistoryStore;
import io.autoagent.guardian.kube.KubernetesScaler;
import io.autoagent.guardian.kube.KubernetesSignalReader;
import io.autoagent.guardian.loop.Leadership;
import io.autoagent.guardian.loop.LeaseLeadership;
import io.autoagent.guardian.loop.MonitorLoop;
import io.autoagent.guardian.loop.WorkloadSource;
import io.autoagent.guardian.prometheus.PrometheusClient;
import io.autoagent.guardian.prometheus.PrometheusHealth;
import io.autoagent.guardian.prometheus.PrometheusQueries;
import io.autoagent.guardian.prometheus.PrometheusSignalReader;
import io.autoagent.guardian.signals.AppSignalReader;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ops Guardian, wired by hand: the decision core, its Kubernetes and Prometheus signals, the
 * leader election, the coordination listener, the command handler and the monitoring schedule on
 * top of the shared runtime. {@link #close} stops it gracefully, in reverse order of creation.
 */
public final class OpsGuardian implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OpsGuardian.class);

  /** NATS Service API endpoint answering with the heartbeat document and this replica's view. */
  public static final String SUBJECT_STATUS = "agent.ops-guardian.status";

  private final OpsGuardianConfig config;
  private final NatsTransport transport;
  private final AgentRuntime runtime;
  private final Parts parts;
  private final Leadership leadership;
  private final ScheduledExecutorService scheduler;
  private final AgentMetrics metrics;
  private final KubernetesClient ownedKube;
  private final OkHttpClient http;
  private final AdvisorConnection advisor;

  /** The parts built on the NATS transport. */
  private record Parts(
      MonitorLoop loop, Coordinator coordinator, Pauses pauses, ScalingEngine engine) {}

  private OpsGuardian(
      OpsGuardianConfig config,
      NatsTransport transport,
      AgentRuntime runtime,
      Parts parts,
      Leadership leadership,
      ScheduledExecutorService scheduler,
      AgentMetrics metrics,
      KubernetesClient ownedKube,
      OkHttpClient http,
      AdvisorConnection advisor) {
    this.config = config;
    this.transport = transport;
    this.runtime = runtime;
    this.parts = parts;
    this.leadership = leadership;
    this.scheduler = scheduler;
    this.metrics = metrics;
    this.ownedKube = ownedKube;
    this.http = http;
    this.advisor = advisor;
  }

  /** Starts against the cluster the environment configures (none: scaling is disabled). */
  public static OpsGuardian start(OpsGuardianConfig config)
      throws IOException, InterruptedException {
    // fabric8 reads KUBECONFIG, ~/.kube/config or the pod's service account by itself.
    KubernetesClient kube =
        config.kubernetesConfigured() ? new KubernetesClientBuilder().build() : null;
    try {
      return start(config, kube, true, Clock.systemUTC());
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (kube != null) {
        kube.close();
      }
      throw e;
    }
  }

  /**
   * Starts with an explicit Kubernetes client (null: no cluster) and clock; tests use this.
   *
   * @param ownsKube whether {@link #close} closes {@code kube}
   */
  public static OpsGuardian start(
      OpsGuardianConfig config, KubernetesClient kube, boolean ownsKube, Clock clock)
      throws IOException, InterruptedException {
    ObjectMapper mapper = Json.newMapper();
    AgentMetrics metrics = new AgentMetrics(OpsGuardianConfig.AGENT_NAME);
    OkHttpClient http =
        config.prometheusUrl() == null
            ? null
            : new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build();
    PrometheusClient prometheus =
        http == null ? null : new PrometheusClient(http, HttpUrl.get(config.prometheusUrl()));
    PrometheusHealth prometheusHealth =
        prometheus == null ? null : new PrometheusHealth(prometheus);
    AppSignalReader app =
        prometheus == null
            ? AppSignalReader.NONE
            : new PrometheusSignalReader(prometheus, PrometheusQueries.DEFAULTS, Map.of());
    AtomicReference<MonitorLoop> loopRef = new AtomicReference<>();
    Leadership leadership =
        leadership(
            config,
            kube,
            () -> {
              MonitorLoop loop = loopRef.get();
              if (loop != null) {
                loop.forgetRestored();
              }
            });
    AdvisorConnection advisor =
        AdvisorConnection.create(
            config.llm(),
            config.decisions().advisorTimeout(),
            metrics.registry(),
            clock,
            mapper,
            new AdvisorOutcomeMetrics(metrics.registry()));
    ScalingEngine engine =
        new ScalingEngine(
            config.decisions(),
            clock,
            AdaptiveForecaster.daily(config.decisions().forecast().bucketMinutes()),
            advisor.advisor());
    Pauses pauses = new Pauses(clock);
    NatsTransport transport = null;
    AgentRuntime runtime;
    Parts parts;
    try {
      transport = NatsTransport.connect(config.core().nats());
      Envelopes envelopes = new Envelopes(mapper, OpsGuardianConfig.AGENT_NAME, clock);
      Publisher publisher = transport.publisher();
      GuardianEvents events = new GuardianEvents(mapper, envelopes, publisher);
      MonitorLoop loop =
          new MonitorLoop(
              engine,
              workloads(config, kube),
              kube == null
                  ? ref -> {
                    throw new io.autoagent.core.PermanentException("no cluster configured");
                  }
                  : new KubernetesSignalReader(kube, clock)::read,
              app,
              kube == null
                  ? (ref, n) -> {
                    throw new io.autoagent.core.PermanentException("no cluster configured");
                  }
                  : new KubernetesScaler(kube)::scale,
              leadership,
              pauses,
              events,
              new DecisionMetrics(metrics.registry()),
              new KvHistoryStore(transport.stores(), config.historyBucket(), mapper));
      loopRef.set(loop);
      Coordinator coordinator =
          new Coordinator(
                  transport.connection(),
                  mapper,
                  pauses,
                  events,
                  leadership::isLeader,
                  config.defaultPauseTtl())
              .start();
      parts = new Parts(loop, coordinator, pauses, engine);
      StatusReporter status =
          AgentRuntime.statusReporter(
              config.core(),
              mapper,
              envelopes,
              transport,
              metrics,
              () -> connections(kube, loop, prometheusHealth, advisor));
      CommandHandler commands =
          new CommandHandler(
              mapper,
              transport.connection(),
              events,
              loop,
              leadership,
              clock,
              config.defaultPauseTtl(),
              config.core().maxPayloadBytes(),
              () ->
                  publisher.publishCore(
                      Contract.SUBJECT_STATUS_PREFIX + OpsGuardianConfig.AGENT_NAME,
                      Json.bytes(mapper, status.current())),
              () -> view(config, leadership, loop, pauses));
      List<ConsumerSpec> consumers =
          List.of(
              new ConsumerSpec(
                  Contract.AGENT_TASKS,
                  Contract.CONSUMER_OPS_GUARDIAN,
                  Contract.SUBJECT_OPS_GUARDIAN,
                  Math.min(4, config.core().workers()),
                  commands));
      List<Endpoint> endpoints =
          List.of(
              new Endpoint(
                  "status",
                  SUBJECT_STATUS,
                  (body, id) ->
                      Json.bytes(
                          mapper,
                          new GuardianView.StatusReply(
                              status.currentMessage(), view(config, leadership, loop, pauses)))));
      runtime =
          AgentRuntime.start(
              config.core(), transport, mapper, envelopes, metrics, status, consumers, endpoints);
    } catch (IOException | InterruptedException | RuntimeException e) {
      if (transport != null) {
        transport.close();
      }
      leadership.close();
      advisor.close();
      metrics.close();
      if (http != null) {
        http.dispatcher().executorService().shutdown();
      }
      throw e;
    }
    if (leadership instanceof LeaseLeadership lease) {
      lease.start();
    }
    ScheduledExecutorService scheduler =
        Executors.newScheduledThreadPool(
            2, Thread.ofPlatform().name("guardian-", 0).daemon().factory());
    if (kube == null) {
      log.warn(
          "No Kubernetes cluster configured (KUBECONFIG, ~/.kube/config or a pod): nothing will be scaled");
    } else {
      long every = config.monitorInterval().toMillis();
      // list the watched workloads once now, so status shows them before the first cycle
      scheduler.execute(parts.loop()::watched);
      scheduler.scheduleWithFixedDelay(parts.loop()::tick, every, every, TimeUnit.MILLISECONDS);
    }
    scheduler.scheduleWithFixedDelay(parts.coordinator()::expireDue, 1, 1, TimeUnit.SECONDS);
    if (prometheusHealth != null) {
      scheduler.scheduleWithFixedDelay(
          prometheusHealth::check, 0, config.monitorInterval().toMillis(), TimeUnit.MILLISECONDS);
    }
    log.info(
        "Ops Guardian watching {} every {} s; {}; advisor {}",
        config.monitoredServices().isEmpty()
            ? "Deployments labelled " + OpsGuardianConfig.ENABLED_LABEL + "=true"
            : config.monitoredServices(),
        config.monitorInterval().toSeconds(),
        leadership.describe(),
        advisor.describe());
    return new OpsGuardian(
        config,
        transport,
        runtime,
        parts,
        leadership,
        scheduler,
        metrics,
        ownsKube ? kube : null,
        http,
        advisor);
  }

  private static Leadership leadership(
      OpsGuardianConfig config, KubernetesClient kube, Runnable onLead) {
    if (kube == null || !config.leaderElection()) {
      return Leadership.ALWAYS;
    }
    return new LeaseLeadership(
        kube,
        config.leaseNamespace(),
        config.leaseName(),
        config.core().instanceId(),
        config.leaseDuration(),
        onLead);
  }

  private static WorkloadSource workloads(OpsGuardianConfig config, KubernetesClient kube) {
    if (!config.monitoredServices().isEmpty() || kube == null) {
      return WorkloadSource.fixed(config.monitoredServices());
    }
    return WorkloadSource.labelled(kube, OpsGuardianConfig.ENABLED_LABEL);
  }

  /** The heartbeat's other connections. */
  private static Map<String, String> connections(
      KubernetesClient kube,
      MonitorLoop loop,
      PrometheusHealth prometheusHealth,
      AdvisorConnection advisor) {
    Map<String, String> states = new LinkedHashMap<>();
    states.put("kubernetes", kube == null ? "disabled" : loop.kubernetesState());
    states.put("prometheus", prometheusHealth == null ? "disabled" : prometheusHealth.state());
    states.put("llm", advisor.connectionState());
    return states;
  }

  /**
   * This replica's view, for the {@code status} endpoint and {@code guardian_status} events. The
   * workloads are the ones the last cycle or listing saw: a status reply never waits on the
   * Kubernetes API.
   */
  private static GuardianView view(
      OpsGuardianConfig config, Leadership leadership, MonitorLoop loop, Pauses pauses) {
    return GuardianView.of(
        config.core().instanceId(),
        leadership.isLeader(),
        leadership.describe(),
        config.monitorInterval().toSeconds(),
        config.decisions().defaultPolicy().mode().name().toLowerCase(java.util.Locale.ROOT),
        config.decisions().defaultPolicy().shadow(),
        loop.lastWatched(),
        pauses.current());
  }

  public AgentRuntime runtime() {
    return runtime;
  }

  public MonitorLoop loop() {
    return parts.loop();
  }

  public Pauses pauses() {
    return parts.pauses();
  }

  public ScalingEngine engine() {
    return parts.engine();
  }

  public Leadership leadership() {
    return leadership;
  }

  public AgentMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    scheduler.shutdown();
    try {
      if (!scheduler.awaitTermination(
          config.core().shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "A monitoring cycle did not finish within {}; interrupting it",
            config.core().shutdownGrace());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    leadership.close();
    parts.coordinator().close();
    runtime.close();
    transport.close();
    if (ownedKube != null) {
      ownedKube.close();
    }
    if (http != null) {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
    advisor.close();
    metrics.close();
  }
}
