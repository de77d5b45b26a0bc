package io.autoagent.infra.eval;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.json.Json;
import io.autoagent.core.messaging.Contract;
import io.autoagent.core.testing.NatsTestServer;
import io.autoagent.core.testing.StreamReader;
import io.autoagent.infra.InfraConfig;
import io.autoagent.infra.InfrastructureAgent;
import io.autoagent.tools.analysis.EvidenceSource;
import io.autoagent.tools.analysis.RulesAnalyzer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.impl.Headers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evaluation suite: every scenario's cluster in one fabric8 mock API server (one namespace
 * each), their git history in one repository and their Argo CD Applications in one fake Argo CD
 * API, one infrastructure agent over a real nats-server; each scenario's alert is published on
 * {@code infrastructure_agent} and its analysis read back from {@code RESPONSES} and compared with
 * what the scenario expects.
 *
 * <p>Run it with {@code mvn -q -pl agent-infrastructure test-compile exec:java
 * -Dexec.mainClass=io.autoagent.infra.eval.EvaluationSuite -Dexec.classpathScope=test} (add {@code
 * -Dexec.args=path/to/dir} to run your own scenarios instead); CI runs it as {@link
 * ScenarioSuiteIT}.
 */
public final class EvaluationSuite {

  static final ObjectMapper MAPPER = Json.newMapper();
  private static final Duration ANSWERS_WITHIN = Duration.ofSeconds(90);

  private EvaluationSuite() {}

  /**
   * Runs the bundled scenarios, or those of the directory given, prints the table; exit 1 below 100
   * %.
   */
  public static void main(String[] args) throws Exception {
    ScenarioLoader loader = new ScenarioLoader(Instant.now());
    List<Scenario> scenarios =
        args.length > 0 ? loader.loadDirectory(Path.of(args[0])) : loader.loadBundled();
    Report report = run(scenarios, Files.createTempDirectory("eval-"));
    System.out.println(report.markdown());
    System.exit(report.allPassed() ? 0 : 1);
  }

  /** Runs the scenarios end to end; {@code workDir} receives the git repository. */
  static Report run(List<Scenario> scenarios, Path workDir) throws Exception {
    return run(scenarios, workDir, new java.util.TreeSet<>());
  }

  /**
   * Runs the scenarios end to end and adds to {@code requested} every RBAC rule the agent's
   * requests to the Kubernetes API needed: first each scenario's native alert analysed straight
   * from the API (the path before the informers have synced), then the whole suite over NATS from
   * the caches.
   */
  static Report run(
      List<Scenario> scenarios, Path workDir, java.util.Set<RequestedRbac.Rule> requested)
      throws Exception {
    checkIsolation(scenarios);
    // Mixed: CRUD for the scenarios' objects, expectations for what CRUD cannot serve (pod logs).
    java.util.Map<
            io.fabric8.mockwebserver.ServerRequest,
            java.util.Queue<io.fabric8.mockwebserver.ServerResponse>>
        responses = new HashMap<>();
    RequestedRbac.RecordingDispatcher dispatcher = new RequestedRbac.RecordingDispatcher(responses);
    KubernetesMockServer kube =
        new KubernetesMockServer(new Context(), new MockWebServer(), responses, dispatcher, false);
    kube.init();
    DefaultMockServer argo = null;
    try (KubernetesClient seedClient = kube.createClient();
        NatsTestServer nats = NatsTestServer.start()) {
      ClusterSeeder seeder = new ClusterSeeder(seedClient, kube);
      scenarios.forEach(seeder::seed);
      Path repo = ChangeSources.gitRepository(scenarios, workDir);
      argo = ChangeSources.argoCd(scenarios);
      Map<String, String> env = env(nats, repo, argo);
      InfraConfig config = InfraConfig.fromEnv(env);
      dispatcher.startRecording();
      readThroughTheApi(kube, config, scenarios);
      EvidenceSource kubernetes = InfrastructureAgent.kubernetes(kube.createClient(), config);
      try (InfrastructureAgent agent =
              InfrastructureAgent.start(
                  config,
                  List.of(
                      kubernetes,
                      InfrastructureAgent.git(
                          config, new io.autoagent.tools.drift.KubernetesLiveCluster(seedClient)),
                      InfrastructureAgent.argocd(config, seedClient)),
                  new RulesAnalyzer(),
                  Clock.systemUTC());
          Connection client =
              Nats.connect(Options.builder().server(nats.url()).maxReconnects(-1).build())) {
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> agent.runtime().ready() && kubernetes.healthy());
        for (Scenario s : scenarios) {
          publish(client, s);
        }
        Map<String, JsonNode> answers = awaitAnswers(client, scenarios);
        List<Outcome> outcomes = new ArrayList<>();
        for (Scenario s : scenarios) {
          outcomes.add(Outcome.judge(s, answers.get(s.alertId())));
        }
        requested.addAll(dispatcher.rules());
        return new Report(outcomes, List.copyOf(answers.values()));
      }
    } finally {
      if (argo != null) {
        argo.shutdown();
      }
      kube.destroy();
    }
  }

  /**
   * Analyses each native alert with a Kubernetes source that was never started: every read goes to
   * the API.
   */
  private static void readThroughTheApi(
      KubernetesMockServer kube, InfraConfig config, List<Scenario> scenarios) {
    try (KubernetesClient client = kube.createClient();
        EvidenceSource direct = InfrastructureAgent.kubernetes(client, config)) {
      for (Scenario s : scenarios) {
        JsonNode a = s.alert();
        if (a != null) {
          Map<String, String> labels = new HashMap<>();
          a.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
          direct.collect(
              new io.autoagent.tools.analysis.Alert(
                  "rbac-" + s.name(),
                  "rbac-" + s.name(),
                  a.path("service").asText(),
                  a.path("namespace").asText(),
                  io.autoagent.tools.analysis.Severity.HIGH,
                  a.path("reason").asText(null),
                  null,
                  labels,
                  null,
                  a.hasNonNull("started_at") ? Instant.parse(a.path("started_at").asText()) : null,
                  null,
                  null));
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("reading the scenarios through the API failed", e);
    }
  }

  private static Map<String, String> env(NatsTestServer nats, Path repo, DefaultMockServer argo) {
    Map<String, String> env = new HashMap<>();
    env.put("NATS_URL", nats.url());
    env.put("HEALTH_PORT", "0");
    env.put("STATUS_INTERVAL_S", "5");
    env.put("HOSTNAME", "eval");
    env.put("RUNBOOK_DIR", runbookDir().toString());
    if (repo != null) {
      env.put("GIT_REPO_PATH", repo.toString());
    }
    if (argo != null) {
      env.put("ARGOCD_SERVER", "http://" + argo.getHostName() + ":" + argo.getPort());
      env.put("ARGOCD_AUTH_TOKEN", "evaluation-token");
    }
    return env;
  }

  /**
   * The repository's runbook library, from the module directory (failsafe) or the root (exec:java).
   */
  private static Path runbookDir() {
    for (Path p : List.of(Path.of("../runbooks"), Path.of("runbooks"))) {
      if (Files.isRegularFile(p.resolve("runbook.schema.json"))) {
        return p;
      }
    }
    throw new IllegalStateException("runbooks/ not found from " + Path.of("").toAbsolutePath());
  }

  private static void checkIsolation(List<Scenario> scenarios) {
    Map<String, String> byNamespace = new HashMap<>();
    Set<String> names = new HashSet<>();
    for (Scenario s : scenarios) {
      if (!names.add(s.name())) {
        throw new IllegalArgumentException("two scenarios are named " + s.name());
      }
      String other = byNamespace.putIfAbsent(s.namespace(), s.name());
      if (other != null) {
        throw new IllegalArgumentException(
            "scenarios "
                + other
                + " and "
                + s.name()
                + " share namespace "
                + s.namespace()
                + "; give each its own");
      }
    }
  }

  private static void publish(Connection client, Scenario s) throws Exception {
    Headers headers = new Headers();
    headers.put("Nats-Msg-Id", "eval-msg-" + s.name());
    JsonNode body = s.alert() != null ? s.alert() : s.alertmanager();
    client
        .jetStream()
        .publish(Contract.SUBJECT_INFRASTRUCTURE, headers, MAPPER.writeValueAsBytes(body));
  }

  private static Map<String, JsonNode> awaitAnswers(Connection client, List<Scenario> scenarios) {
    Set<String> wanted = new HashSet<>();
    scenarios.forEach(s -> wanted.add(s.alertId()));
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    await()
        .atMost(ANSWERS_WITHIN)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              for (StreamReader.Stored stored :
                  StreamReader.readAll(client, Contract.RESPONSES, null)) {
                JsonNode answer = MAPPER.readTree(stored.body().getBytes(StandardCharsets.UTF_8));
                String id = answer.path("alert_id").asText();
                if (wanted.contains(id)) {
                  answers.put(id, answer);
                }
              }
              return answers.keySet().containsAll(wanted);
            });
    return answers;
  }
}
