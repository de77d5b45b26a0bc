package io.autoagent.infra;

import static io.autoagent.tools.kube.sandbox.ClusterObjects.NODE;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.NOW;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.crashLooping;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.deployment;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.event;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.node;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.pod;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.readyNode;
import static io.autoagent.tools.kube.sandbox.ClusterObjects.replicaSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.llm.CredentialShapes;
import io.autoagent.core.llm.CredentialShapes.Shape;
import io.autoagent.core.llm.LlmWire;
import io.autoagent.tools.kube.KubeOptions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.api.ObjectInfo;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Contract 1.1's no-secret rule, end to end: every credential shape of {@link CredentialShapes} (at
 * least forty), plus the value of a Secret-backed variable ({@code DB_PASS} through {@code
 * secretKeyRef}), is planted in one incident's pod log, events, container env, pod annotations, git
 * commit messages and the alert's labels, annotations and summary. After the agent analysed it,
 * none of them is in anything that left the agent: every message on NATS (a {@code >} subscription,
 * the alert's own deliveries aside), every request the fake LLM provider received (OpenAI and
 * Gemini, one run each), the incident archive, and the Slack and ticket requests.
 */
@EnableKubernetesMockClient(crud = true)
class RedactionIT {

  static KubernetesClient client;
  static KubernetesMockServer server;
  @TempDir static Path repo;

  private static final String NS = "vault";
  private static final String APP = "ledger";

  /** The value of the Secret-backed DB_PASS: short, plain, no credential shape of its own. */
  private static final String DB_PASS_VALUE = "hunter2-ledger";

  /** A value under a key that is not credential-like; only the secretKeyRef marks it. */
  private static final String DB_CONN_VALUE = "ledgerConn77";

  private static final List<String> NEAR_MISSES =
      List.of(
          "registry.example.com/ledger:v2",
          "3f9c2a1b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b",
          "ledger-7d9c5b-crash");

  private final List<String> natsMessages = new CopyOnWriteArrayList<>();
  private final List<String> llmBodies = new CopyOnWriteArrayList<>();
  private final List<String> httpBodies = new CopyOnWriteArrayList<>();
  private AgentFixture fixture;
  private KubernetesClient cluster;
  private final List<MockWebServer> servers = new ArrayList<>();

  @BeforeAll
  static void plant() throws Exception {
    if (client.nodes().withName(NODE).get() == null) {
      client.resource(node(NODE, readyNode())).create();
    }
    Deployment d = deployment(NS, APP, 1);
    withSecrets(d.getSpec().getTemplate().getSpec());
    d.getSpec().getTemplate().getMetadata().setAnnotations(annotations());
    Deployment created = client.resource(d).create();
    ReplicaSet rs = replicaSet(created, "7d9c5b", "2", "registry.example.com/" + APP + ":v2", 1, 0);
    withSecrets(rs.getSpec().getTemplate().getSpec());
    ReplicaSet createdRs = client.resource(rs).create();
    Pod pod = pod(createdRs, "crash", crashLooping(9, 1, "Error"));
    pod.getMetadata().setAnnotations(annotations());
    Pod createdPod = client.resource(pod).create();
    for (Shape shape : CredentialShapes.ALL) {
      client
          .resource(
              event(
                  createdPod,
                  "Warning",
                  "BackOff",
                  "Back-off restarting failed container: " + shape.text(),
                  3,
                  NOW.minus(1, ChronoUnit.MINUTES)))
          .create();
    }
    client
        .resource(
            event(
                createdPod,
                "Warning",
                "Failed",
                "probe said DB_PASS=" + DB_PASS_VALUE + " DB_CONN: " + DB_CONN_VALUE,
                2,
                NOW))
        .create();
    String path =
        "/api/v1/namespaces/"
            + NS
            + "/pods/"
            + createdPod.getMetadata().getName()
            + "/log?pretty=false&container=app&previous=true&tailLines="
            + KubeOptions.DEFAULT_LOG_LINES;
    server.expect().get().withPath(path).andReturn(200, log()).always();
    commits();
  }

  /**
   * The container's environment: Secret-backed variables, and plain values that are credentials.
   */
  private static void withSecrets(PodSpec spec) {
    Container app = spec.getContainers().getFirst();
    app.getEnv()
        .add(
            new EnvVarBuilder()
                .withName("DB_PASS")
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName("ledger-db")
                .withKey("password")
                .endSecretKeyRef()
                .endValueFrom()
                .build());
    app.getEnv()
        .add(
            new EnvVarBuilder()
                .withName("DB_CONN")
                .withNewValueFrom()
                .withNewSecretKeyRef()
                .withName("ledger-db")
                .withKey("conn")
                .endSecretKeyRef()
                .endValueFrom()
                .build());
    int i = 0;
    for (Shape shape : CredentialShapes.ALL) {
      app.getEnv()
          .add(new EnvVarBuilder().withName("PLANTED_" + i++).withValue(shape.text()).build());
    }
  }

  private static Map<String, String> annotations() {
    Map<String, String> annotations = new LinkedHashMap<>();
    int i = 0;
    for (Shape shape : CredentialShapes.ALL) {
      annotations.put("example.com/planted-" + i++, shape.text());
    }
    return annotations;
  }

  /**
   * The previous container's log: the Secret-backed values, then every shape, a PEM key line by
   * line.
   */
  private static String log() {
    StringBuilder log = new StringBuilder();
    log.append("starting with DB_PASS=")
        .append(DB_PASS_VALUE)
        .append(" DB_CONN=")
        .append(DB_CONN_VALUE)
        .append('\n');
    for (Shape shape : CredentialShapes.ALL) {
      log.append(shape.text().replace("\n", "\n")).append('\n');
    }
    // the value printed under its Secret-backed name among the last lines the agent reads, as apps
    // do on a failed connect: the warning event that also carries it was not always in the evidence
    // (seen once in CI, under load), and a value is learned only where its name stands beside it
    log.append("retrying with DB_CONN=").append(DB_CONN_VALUE).append('\n');
    log.append("login failed for ")
        .append(DB_PASS_VALUE)
        .append(" via ")
        .append(DB_CONN_VALUE)
        .append('\n');
    log.append("fatal: exiting\n");
    return log.toString();
  }

  private static void commits() throws Exception {
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Path file = repo.resolve("apps/" + APP + "/deployment.yaml");
      Files.createDirectories(file.getParent());
      int i = 0;
      for (List<Shape> batch : batches(CredentialShapes.ALL, 20)) {
        Files.writeString(
            file,
            "kind: Deployment\nmetadata: {name: "
                + APP
                + ", namespace: "
                + NS
                + "}\n# "
                + i
                + "\n");
        git.add().addFilepattern(".").call();
        StringBuilder message = new StringBuilder("Bump ledger config " + i++ + "\n\n");
        batch.forEach(s -> message.append(s.text()).append('\n'));
        message.append("DB_PASS=").append(DB_PASS_VALUE).append('\n');
        PersonIdent who =
            new PersonIdent(
                new PersonIdent("Dana Dev", "dana@example.com"),
                java.util.Date.from(Instant.now().minus(10 - i, ChronoUnit.MINUTES)),
                TimeZone.getTimeZone(ZoneOffset.UTC));
        git.commit().setMessage(message.toString()).setAuthor(who).setCommitter(who).call();
      }
    }
  }

  private static <T> List<List<T>> batches(List<T> all, int size) {
    List<List<T>> out = new ArrayList<>();
    for (int i = 0; i < all.size(); i += size) {
      out.add(all.subList(i, Math.min(all.size(), i + size)));
    }
    return out;
  }

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    for (MockWebServer s : servers) {
      s.close();
    }
  }

  private MockWebServer recording(
      List<String> into, java.util.function.Function<RecordedRequest, MockResponse> answer)
      throws Exception {
    MockWebServer web = new MockWebServer();
    web.setDispatcher(
        new mockwebserver3.Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            into.add(
                request.getTarget()
                    + "\n"
                    + request.getHeaders()
                    + "\n"
                    + (request.getBody() == null ? "" : request.getBody().utf8()));
            return answer.apply(request);
          }
        });
    web.start();
    servers.add(web);
    return web;
  }

  @ParameterizedTest(name = "LLM provider {0}")
  @ValueSource(strings = {"openai", "gemini"})
  void noPlantedCredentialLeavesTheAgent(String provider) throws Exception {
    // given an agent with an LLM, Slack, GitHub tickets and the archive, and a subscription to
    // everything on NATS
    String answer =
        "{\"category\": \"CRASH_LOOP\", \"summary\": \"ledger exits at start-up.\", \"confidence\": 0.8,"
            + " \"runbook_ids\": []}";
    MockWebServer llm =
        recording(
            llmBodies,
            r ->
                provider.equals("openai")
                    ? LlmWire.openAi(answer, 900, 40)
                    : LlmWire.gemini(answer, 900, 40));
    MockWebServer slack =
        recording(httpBodies, r -> new MockResponse.Builder().code(200).body("ok").build());
    MockWebServer github =
        recording(
            httpBodies,
            r ->
                new MockResponse.Builder()
                    .code(r.getMethod().equals("GET") ? 200 : 201)
                    .addHeader("Content-Type", "application/json")
                    .body(
                        r.getMethod().equals("GET")
                            ? "[]"
                            : "{\"number\": 7, \"html_url\": \"https://github.example/o/r/issues/7\"}")
                    .build());
    fixture = new AgentFixture();
    Dispatcher everything = fixture.client.createDispatcher(this::record);
    everything.subscribe(">");
    Map<String, String> env = fixture.env();
    if (provider.equals("openai")) {
      env.put("LLM_PROVIDER", "openai");
      env.put("OPENAI_API_KEY", "sk-test-not-a-real-key-000000");
      env.put("OPENAI_BASE_URL", llm.url("/v1").toString());
    } else {
      env.put("LLM_PROVIDER", "gemini");
      env.put("GEMINI_API_KEY", "g-test-key");
      env.put("GEMINI_BASE_URL", llm.url("/v1beta").toString());
    }
    env.put("LLM_TIMEOUT_S", "10");
    env.put("LLM_MAX_INPUT_TOKENS", "60000");
    env.put("LLM_BUDGET_TOKENS", "64000");
    env.put("SLACK_WEBHOOK_URL", slack.url("/services/T000/B000/XXXX").toString());
    env.put("TICKETS_PROVIDER", "github");
    env.put("GITHUB_API_URL", github.url("/").toString());
    env.put("GITHUB_REPOSITORY", "acme/ledger");
    env.put("GITHUB_TOKEN", "test-token");
    env.put("GIT_REPO_PATH", repo.toString());
    InfraConfig config = InfraConfig.fromEnv(env);
    // each agent gets its own clients: closing an agent closes its Kubernetes source's client
    cluster = server.createClient();
    fixture.startAgent(
        env,
        cluster,
        List.of(
            InfrastructureAgent.kubernetes(server.createClient(), config),
            InfrastructureAgent.git(config, io.autoagent.tools.drift.LiveCluster.NONE),
            InfrastructureAgent.argocd(config)));

    // when an alert that itself carries every shape is analysed
    String alertId = "red-" + provider;
    ObjectNode alert = AgentFixture.MAPPER.createObjectNode();
    alert
        .put("service", APP)
        .put("namespace", NS)
        .put("severity", "critical")
        .put("reason", "CrashLoopBackOff");
    alert.put(
        "summary",
        "ledger restarting; " + CredentialShapes.ALL.get(0).text() + " DB_PASS=" + DB_PASS_VALUE);
    alert.put(
        "started_at",
        Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
    ObjectNode labels = alert.putObject("labels");
    ObjectNode alertAnnotations = alert.putObject("annotations");
    int i = 0;
    for (Shape shape : CredentialShapes.ALL) {
      labels.put("planted_" + i, shape.text());
      alertAnnotations.put("planted_" + i++, shape.text());
    }
    labels.put("db_password", DB_PASS_VALUE);
    fixture.publishAlert(alertId, alert.toString());
    JsonNode analysis = fixture.awaitAnalysis(alertId);

    // then the analysis used the evidence (and the LLM), Slack and the ticket were sent, the
    // incident archived
    assertThat(analysis.path("root_cause").path("category").asText()).isEqualTo("CRASH_LOOP");
    assertThat(analysis.toString()).contains("[REDACTED]");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(llmBodies).as("LLM requests").isNotEmpty();
              assertThat(httpBodies)
                  .as("Slack and ticket requests")
                  .anySatisfy(b -> assertThat(b).startsWith("/services/"))
                  .anySatisfy(b -> assertThat(b).contains("/repos/acme/ledger/issues"));
              assertThat(archives()).as("archive").isNotEmpty();
            });
    assertThat(String.join("\n", llmBodies))
        .as("the LLM saw the evidence")
        .contains("[REDACTED]", "CrashLoopBackOff");
    assertThat(String.join("\n", natsMessages))
        .as("near misses survive")
        .contains(NEAR_MISSES.get(0));

    List<String> secrets = new ArrayList<>();
    CredentialShapes.ALL.forEach(s -> secrets.add(s.secret()));
    secrets.add(DB_PASS_VALUE);
    secrets.add(DB_CONN_VALUE);
    Map<String, String> outbound = new LinkedHashMap<>();
    outbound.put("NATS", String.join("\n", natsMessages));
    outbound.put("LLM requests", String.join("\n", llmBodies));
    outbound.put("archive", String.join("\n", archives()));
    outbound.put("Slack and ticket requests", String.join("\n", httpBodies));
    outbound.forEach((where, text) -> assertThat(text).as(where).doesNotContain(secrets));
    fixture.assertEverythingPublishedIsValid();
  }

  /** Everything on NATS but the alert itself as the test sent it and as JetStream delivers it. */
  private void record(Message message) {
    String reply = message.getReplyTo() == null ? "" : message.getReplyTo();
    if (message.getSubject().equals("infrastructure_agent")
        || reply.startsWith("$JS.ACK.AGENT_TASKS.")
        || message.getSubject().startsWith("$JS.API.STREAM.MSG.GET.")) {
      return;
    }
    natsMessages.add(
        message.getSubject() + " " + new String(message.getData(), StandardCharsets.UTF_8));
  }

  private List<String> archives() throws Exception {
    List<String> out = new ArrayList<>();
    var store = fixture.client.objectStore("incident-archives");
    for (ObjectInfo info : store.getList()) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      store.get(info.getObjectName(), bytes);
      out.add(bytes.toString(StandardCharsets.UTF_8));
    }
    return out;
  }
}
