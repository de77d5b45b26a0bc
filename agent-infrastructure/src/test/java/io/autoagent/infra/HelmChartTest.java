package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Helm chart, linted and rendered offline, as a cluster would receive it. */
class HelmChartTest {

  private static final Path CHART = Path.of("..", "helm", "autoagent");

  /** How the container tests run the images (container-tests/); the chart must match it. */
  private static final Path CONTAINER_RUNTIME = Path.of("..", "docker", "container-runtime.yaml");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static List<JsonNode> render(UnaryOperator<TemplateCommand> values) throws Exception {
    String rendered =
        values
            .apply(
                new Helm(CHART)
                    .template()
                    .withName("aa")
                    .withNamespace("ops")
                    .withKubeVersion("1.31.0"))
            .call();
    List<JsonNode> objects = new ArrayList<>();
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && doc.has("kind")) {
          objects.add(doc);
        }
      }
    }
    return objects;
  }

  private static JsonNode find(List<JsonNode> objects, String kind, String name) {
    return objects.stream()
        .filter(
            o ->
                o.path("kind").asText().equals(kind)
                    && o.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + name));
  }

  @Test
  void lintsClean() {
    LintResult result = new Helm(CHART).lint().strict().call();

    assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
  }

  @Test
  void runsBothAgentsHardenedWithProbesAndTheRequestedResources() throws Exception {
    List<JsonNode> objects = render(t -> t);

    for (String name : List.of("aa-infrastructure-agent", "aa-ops-guardian")) {
      JsonNode container =
          find(objects, "Deployment", name)
              .path("spec")
              .path("template")
              .path("spec")
              .path("containers")
              .get(0);
      assertThat(container.path("resources").path("requests").path("cpu").asText())
          .isEqualTo("100m");
      assertThat(container.path("resources").path("requests").path("memory").asText())
          .isEqualTo("256Mi");
      assertThat(container.path("image").asText()).endsWith(":0.1.0");
    }
  }

  /**
   * The pods run as the container tests ran the images (container-tests/): the same uid, read-only
   * root filesystem, dropped capabilities, writable path, port and probe paths, all read from
   * docker/container-runtime.yaml, the file those tests start the containers with.
   */
  @Test
  void runsThePodsAsTheContainerTestsRanTheImages() throws Exception {
    JsonNode runtime = YAML.readTree(CONTAINER_RUNTIME.toFile());
    List<JsonNode> objects = render(t -> t.set("runbooks.configMap.enabled", "true"));

    for (String name : List.of("aa-infrastructure-agent", "aa-ops-guardian")) {
      JsonNode pod = find(objects, "Deployment", name).path("spec").path("template").path("spec");
      JsonNode container = pod.path("containers").get(0);
      JsonNode podSecurity = pod.path("securityContext");
      assertThat(podSecurity.path("runAsNonRoot").asBoolean())
          .isEqualTo(runtime.path("runAsNonRoot").asBoolean());
      assertThat(podSecurity.path("runAsUser").asInt())
          .isEqualTo(runtime.path("runAsUser").asInt());
      assertThat(podSecurity.path("runAsGroup").asInt())
          .isEqualTo(runtime.path("runAsGroup").asInt());
      JsonNode security = container.path("securityContext");
      assertThat(security.path("readOnlyRootFilesystem").asBoolean())
          .isEqualTo(runtime.path("readOnlyRootFilesystem").asBoolean());
      assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
      assertThat(security.path("allowPrivilegeEscalation").asBoolean())
          .isEqualTo(runtime.path("allowPrivilegeEscalation").asBoolean());
      assertThat(security.path("capabilities").path("drop"))
          .isEqualTo(runtime.path("capabilitiesDrop"));

      int port = runtime.path("httpPort").asInt();
      assertThat(container.path("ports").get(0).path("name").asText()).isEqualTo("http");
      assertThat(container.path("ports").get(0).path("containerPort").asInt()).isEqualTo(port);
      assertThat(container.path("env").toString())
          .contains("{\"name\":\"HEALTH_PORT\",\"value\":\"" + port + "\"}");
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        assertThat(container.path(probe).path("httpGet").path("path").asText())
            .as(probe)
            .isEqualTo(runtime.path(probe).asText());
        assertThat(container.path(probe).path("httpGet").path("port").asText())
            .as(probe)
            .isEqualTo("http");
      }

      // the writable path is an emptyDir of the tested size; every other mount is read-only
      String writable = runtime.path("writablePath").asText();
      List<String> writableMounts = new ArrayList<>();
      String tmpVolume = null;
      for (JsonNode mount : container.path("volumeMounts")) {
        if (mount.path("mountPath").asText().equals(writable)) {
          tmpVolume = mount.path("name").asText();
        }
        if (!mount.path("readOnly").asBoolean()) {
          writableMounts.add(mount.path("mountPath").asText());
        }
      }
      assertThat(writableMounts).containsExactly(writable);
      for (JsonNode volume : pod.path("volumes")) {
        if (volume.path("name").asText().equals(tmpVolume)) {
          assertThat(volume.path("emptyDir").path("sizeLimit").asText())
              .isEqualTo(runtime.path("writableSize").asText());
        }
      }
    }
    JsonNode infra =
        find(objects, "Deployment", "aa-infrastructure-agent")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0);
    assertThat(infra.path("volumeMounts").findValuesAsText("mountPath"))
        .contains(runtime.path("runbookDir").asText());
  }

  @Test
  void grantsExactlyTheVerbsTheCodeUsesAndNoWildcards() throws Exception {
    List<JsonNode> objects = render(t -> t);

    // The infrastructure agent's rules are derived from the code instead of listed here:
    // ScenarioSuiteIT records every request the agent makes during the evaluation suite and
    // compares the ClusterRole with them and the registered runbook actions (docs/rbac.md).
    JsonNode infra = find(objects, "ClusterRole", "aa-infrastructure-agent");
    assertThat(rules(infra))
        .isNotEmpty()
        .allMatch(
            r -> !r.contains("secrets"), "no Secret reads unless remediation.allowSecretChecks");
    assertThat(rules(find(objects, "ClusterRole", "aa-ops-guardian")))
        .containsExactly(
            "apps/deployments:get,list",
            "apps/deployments/scale:get,update",
            "/pods:list",
            "autoscaling/horizontalpodautoscalers:list",
            "metrics.k8s.io/pods:list",
            "coordination.k8s.io/leases:get,create,update");
    for (JsonNode role :
        objects.stream().filter(o -> o.path("kind").asText().equals("ClusterRole")).toList()) {
      assertThat(role.toString()).doesNotContain("\"*\"");
    }
  }

  @Test
  void shipsTheAutoRemediationPolicyCrdAndGrantsSecretReadsOnlyWhenAsked() throws Exception {
    // Helm installs crds/ itself on install; `template` leaves them out, so read the chart's file.
    JsonNode crd =
        YAML.readTree(CHART.resolve("crds").resolve("autoremediationpolicy.yaml").toFile());
    assertThat(crd.path("kind").asText()).isEqualTo("CustomResourceDefinition");
    assertThat(crd.path("spec").path("group").asText()).isEqualTo("autoagent.io");
    JsonNode version = crd.path("spec").path("versions").get(0);
    assertThat(version.path("name").asText()).isEqualTo("v1alpha1");
    JsonNode spec =
        version
            .path("schema")
            .path("openAPIV3Schema")
            .path("properties")
            .path("spec")
            .path("properties");
    assertThat(spec.fieldNames())
        .toIterable()
        .contains(
            "targetSelector",
            "actions",
            "escalation",
            "allowedRunbooks",
            "mode",
            "requireApprovalAbove");
    assertThat(spec.path("mode").path("enum"))
        .extracting(JsonNode::asText)
        .containsExactly("dryRun", "live", "gitops");
    assertThat(spec.path("escalation").path("properties").has("slackChannel")).isTrue();
    assertThat(render(t -> t).toString()).doesNotContain("\"secrets\"");

    List<JsonNode> objects =
        render(t -> t.set("infrastructureAgent.remediation.allowSecretChecks", "true"));

    assertThat(rules(find(objects, "ClusterRole", "aa-infrastructure-agent")))
        .contains("/secrets:get");
  }

  @Test
  void switchesEachAgentOffAndAddsTheOptionalObjects() throws Exception {
    List<JsonNode> objects =
        render(
            t ->
                t.set("opsGuardian.enabled", "false")
                    .set("serviceMonitor.enabled", "true")
                    .set("networkPolicy.enabled", "true")
                    .set("secretName", "agent-keys"));

    assertThat(objects)
        .noneMatch(o -> o.path("metadata").path("name").asText().contains("ops-guardian"));
    assertThat(
            find(objects, "ServiceMonitor", "aa-infrastructure-agent")
                .path("spec")
                .path("endpoints")
                .get(0)
                .path("path")
                .asText())
        .isEqualTo("/metrics");
    assertThat(find(objects, "NetworkPolicy", "aa-agents").path("spec").path("policyTypes"))
        .hasSize(2);
    JsonNode env =
        find(objects, "Deployment", "aa-infrastructure-agent")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("env");
    JsonNode openai = null;
    for (JsonNode e : env) {
      if (e.path("name").asText().equals("OPENAI_API_KEY")) {
        openai = e;
      }
    }
    assertThat(openai).isNotNull();
    // the Ops Guardian gets only the keys it reads (its LLM advisor), not git, forge or Slack
    // secrets
    List<JsonNode> both = render(t -> t.set("secretName", "agent-keys"));
    List<String> guardianSecrets = new ArrayList<>();
    find(both, "Deployment", "aa-ops-guardian")
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0)
        .path("env")
        .forEach(
            e -> {
              if (e.path("valueFrom").has("secretKeyRef")) {
                guardianSecrets.add(e.path("name").asText());
              }
            });
    assertThat(guardianSecrets).containsExactlyInAnyOrder("OPENAI_API_KEY", "GEMINI_API_KEY");
    assertThat(openai.path("valueFrom").path("secretKeyRef").path("name").asText())
        .isEqualTo("agent-keys");
    assertThat(openai.path("valueFrom").path("secretKeyRef").path("optional").asBoolean()).isTrue();
    assertThat(env.findValuesAsText("name"))
        .contains("GITHUB_TOKEN", "GITLAB_TOKEN", "SLACK_WEBHOOK_URL");
  }

  @Test
  void archivesToTheObjectStoreByDefaultAndToS3WithAnIrsaRoleWhenAsked() throws Exception {
    Map<String, String> defaults = env(render(t -> t));
    assertThat(defaults)
        .containsEntry("ARCHIVE_ENABLED", "true")
        .containsEntry("ARCHIVE_STORE", "nats")
        .containsEntry("ARCHIVE_TTL_DAYS", "90");
    assertThat(defaults.keySet()).noneMatch(name -> name.startsWith("ARCHIVE_S3_"));
    assertThat(
            find(render(t -> t), "ServiceAccount", "aa-infrastructure-agent")
                .path("metadata")
                .has("annotations"))
        .isFalse();

    List<JsonNode> objects =
        render(
            t ->
                t.set("infrastructureAgent.archive.store", "s3")
                    .set("infrastructureAgent.archive.s3.bucket", "acme-incidents")
                    .set("infrastructureAgent.archive.s3.region", "eu-west-1")
                    .set(
                        "infrastructureAgent.serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn",
                        "arn:aws:iam::123456789012:role/autoagent"));

    assertThat(env(objects))
        .containsEntry("ARCHIVE_STORE", "s3")
        .containsEntry("ARCHIVE_S3_BUCKET", "acme-incidents")
        .containsEntry("ARCHIVE_S3_PREFIX", "autoagent/incidents")
        .containsEntry("ARCHIVE_S3_REGION", "eu-west-1")
        .containsEntry("ARCHIVE_S3_PATH_STYLE", "false")
        .doesNotContainKey("ARCHIVE_S3_ENDPOINT");
    assertThat(
            find(objects, "ServiceAccount", "aa-infrastructure-agent")
                .path("metadata")
                .path("annotations")
                .path("eks.amazonaws.com/role-arn")
                .asText())
        .isEqualTo("arn:aws:iam::123456789012:role/autoagent");
    assertThatThrownBy(() -> render(t -> t.set("infrastructureAgent.archive.store", "s3")))
        .hasMessageContaining("infrastructureAgent.archive.s3.bucket is required");
  }

  /** The infrastructure agent's container environment, name to value. */
  private static Map<String, String> env(List<JsonNode> objects) {
    Map<String, String> env = new LinkedHashMap<>();
    find(objects, "Deployment", "aa-infrastructure-agent")
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0)
        .path("env")
        .forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    return env;
  }

  @Test
  void passesTheSshKeyFromTheSecretAndTheKnownHostsAndAllowsSshEgress() throws Exception {
    // given
    String knownHosts = "git.example.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHostKey";
    List<JsonNode> objects =
        render(
            t ->
                t.set("secretName", "agent-keys")
                    .set("networkPolicy.enabled", "true")
                    .set("infrastructureAgent.env.GIT_SSH_KNOWN_HOSTS", knownHosts));

    // then
    JsonNode env =
        find(objects, "Deployment", "aa-infrastructure-agent")
            .path("spec")
            .path("template")
            .path("spec")
            .path("containers")
            .get(0)
            .path("env");
    JsonNode key = null;
    JsonNode hosts = null;
    for (JsonNode e : env) {
      if (e.path("name").asText().equals("GIT_SSH_KEY")) {
        key = e;
      } else if (e.path("name").asText().equals("GIT_SSH_KNOWN_HOSTS")) {
        hosts = e;
      }
    }
    assertThat(key).isNotNull();
    assertThat(key.path("valueFrom").path("secretKeyRef").path("name").asText())
        .isEqualTo("agent-keys");
    assertThat(key.path("valueFrom").path("secretKeyRef").path("key").asText())
        .isEqualTo("GIT_SSH_KEY");
    assertThat(key.path("valueFrom").path("secretKeyRef").path("optional").asBoolean()).isTrue();
    assertThat(hosts).isNotNull();
    assertThat(hosts.path("value").asText()).isEqualTo(knownHosts);
    List<Integer> egressPorts = new ArrayList<>();
    find(objects, "NetworkPolicy", "aa-agents")
        .path("spec")
        .path("egress")
        .forEach(rule -> rule.path("ports").forEach(p -> egressPorts.add(p.path("port").asInt())));
    assertThat(egressPorts).contains(22, 443);
  }

  /** Each rule as {@code group/resources:verbs}. */
  private static List<String> rules(JsonNode role) {
    List<String> out = new ArrayList<>();
    for (JsonNode rule : role.path("rules")) {
      out.add(
          join(rule.path("apiGroups"))
              + "/"
              + join(rule.path("resources"))
              + ":"
              + join(rule.path("verbs")));
    }
    return out;
  }

  private static String join(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return String.join(",", values);
  }

  @Test
  void exposesTheWebhookReceiverWithItsTokenFileAndLetsAlertmanagerIn() throws Exception {
    // when
    List<JsonNode> objects =
        render(
            t ->
                t.set("webhook.enabled", "true")
                    .set("webhook.tokenSecret", "am-token")
                    .set("networkPolicy.enabled", "true")
                    .set("webhook.alertmanagerConfig.enabled", "true"));

    // then: the Service and the container expose the port, the token is a mounted file
    JsonNode service = find(objects, "Service", "aa-infrastructure-agent");
    assertThat(service.path("spec").path("ports").findValuesAsText("name"))
        .contains("http", "webhook");
    assertThat(service.path("spec").path("ports").get(1).path("port").asInt()).isEqualTo(9095);
    assertThat(env(objects))
        .containsEntry("WEBHOOK_PORT", "9095")
        .containsEntry("WEBHOOK_TOKEN_FILE", "/etc/autoagent/webhook-token/token")
        .doesNotContainKey("WEBHOOK_ALLOW_ANONYMOUS");
    JsonNode pod =
        find(objects, "Deployment", "aa-infrastructure-agent")
            .path("spec")
            .path("template")
            .path("spec");
    assertThat(pod.path("volumes").toString()).contains("\"secretName\":\"am-token\"");
    assertThat(pod.path("containers").get(0).path("volumeMounts").findValuesAsText("mountPath"))
        .contains("/etc/autoagent/webhook-token");
    // Alertmanager may reach it through the NetworkPolicy
    List<Integer> ingressPorts = new ArrayList<>();
    find(objects, "NetworkPolicy", "aa-agents")
        .path("spec")
        .path("ingress")
        .forEach(rule -> rule.path("ports").forEach(p -> ingressPorts.add(p.path("port").asInt())));
    assertThat(ingressPorts).containsExactly(8080, 9095);
    // and the AlertmanagerConfig routes to it with the same token
    JsonNode receiver =
        find(objects, "AlertmanagerConfig", "aa-infrastructure-agent")
            .path("spec")
            .path("receivers")
            .get(0);
    JsonNode webhook = receiver.path("webhookConfigs").get(0);
    assertThat(webhook.path("url").asText())
        .isEqualTo("http://aa-infrastructure-agent.ops.svc:9095/alertmanager");
    assertThat(
            webhook
                .path("httpConfig")
                .path("authorization")
                .path("credentials")
                .path("name")
                .asText())
        .isEqualTo("am-token");
    assertThat(
            webhook
                .path("httpConfig")
                .path("authorization")
                .path("credentials")
                .path("key")
                .asText())
        .isEqualTo("token");
    assertThat(
            find(objects, "AlertmanagerConfig", "aa-infrastructure-agent")
                .path("apiVersion")
                .asText())
        .isEqualTo("monitoring.coreos.com/v1alpha1");
  }

  @Test
  void keepsTheWebhookOffByDefaultAndRefusesItWithoutCredentials() throws Exception {
    List<JsonNode> objects = render(t -> t);

    assertThat(env(objects).keySet()).noneMatch(name -> name.startsWith("WEBHOOK_"));
    assertThat(objects).noneMatch(o -> o.path("kind").asText().equals("AlertmanagerConfig"));
    assertThatThrownBy(() -> render(t -> t.set("webhook.enabled", "true")))
        .hasMessageContaining(
            "webhook.enabled needs webhook.tokenSecret or webhook.basicAuthSecret");
    assertThat(
            env(
                render(
                    t -> t.set("webhook.enabled", "true").set("webhook.allowAnonymous", "true"))))
        .containsEntry("WEBHOOK_ALLOW_ANONYMOUS", "true");
  }

  @Test
  void dashboardAndAlertRulesUseOnlyMetricsTheAgentsExport() throws Exception {
    // given
    List<JsonNode> objects =
        render(
            t ->
                t.set("prometheusRule.enabled", "true")
                    .set("grafanaDashboard.enabled", "true")
                    .set("serviceMonitor.enabled", "true"));
    Set<String> exported = exportedMetricNames();

    // when: every PromQL expression of the rules and the dashboard
    JsonNode rule = find(objects, "PrometheusRule", "aa-agents");
    List<String> alerts =
        rule.path("spec").path("groups").get(0).path("rules").findValuesAsText("alert");
    List<String> expressions =
        new ArrayList<>(
            rule.path("spec").path("groups").get(0).path("rules").findValuesAsText("expr"));
    JsonNode dashboardMap = find(objects, "ConfigMap", "aa-dashboard");
    assertThat(dashboardMap.path("metadata").path("labels").path("grafana_dashboard").asText())
        .isEqualTo("1");
    JsonNode dashboard =
        new ObjectMapper().readTree(dashboardMap.path("data").path("autoagent.json").asText());
    dashboard
        .path("panels")
        .forEach(panel -> expressions.addAll(panel.path("targets").findValuesAsText("expr")));
    dashboard
        .path("templating")
        .path("list")
        .forEach(
            v -> {
              if (v.path("query").has("query")) {
                expressions.add(v.path("query").path("query").asText());
              }
            });

    // then: the alerts asked for exist, and each expression names metrics that the code exports
    assertThat(alerts)
        .contains(
            "AutoagentTargetDown",
            "AutoagentHeartbeatMissing",
            "AutoagentConsumerLagGrowing",
            "AutoagentDeadLetters",
            "AutoagentLlmCircuitOpen",
            "AutoagentRemediationFailures");
    assertThat(dashboard.path("panels").size()).isGreaterThan(8);
    assertThat(expressions).hasSizeGreaterThan(20);
    Pattern metric = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");
    for (String expr : expressions) {
      List<String> names = metric.matcher(expr).results().map(m -> m.group(1)).toList();
      assertThat(names).as(expr).isNotEmpty();
      for (String name : names) {
        assertThat(exported).as("metric " + name + " in " + expr).contains(name);
      }
    }
  }

  /**
   * Metric names as Prometheus sees them: the meters the code builds (found in the sources, each
   * name constant resolved), a real {@link io.autoagent.core.metrics.AgentMetrics} scrape after
   * some work (its own meters, JVM and process), and Prometheus's own {@code up}.
   */
  private static Set<String> exportedMetricNames() throws Exception {
    Map<String, String> constants = new java.util.HashMap<>();
    List<String> sources = new ArrayList<>();
    for (String module :
        List.of("agent-core", "common-tools", "agent-infrastructure", "agent-ops-guardian")) {
      // common-tools is an aggregator: its modules' main sources are below it
      try (var files = java.nio.file.Files.walk(Path.of("..", module))) {
        for (Path file :
            files
                .filter(
                    f ->
                        f.toString().endsWith(".java")
                            && f.toString().replace('\\', '/').contains("/src/main/java/"))
                .toList()) {
          String text = java.nio.file.Files.readString(file);
          sources.add(text);
          Pattern.compile("String\\s+([A-Z_]+)\\s*=\\s*\"([a-z_.]+)\"")
              .matcher(text)
              .results()
              .forEach(m -> constants.putIfAbsent(m.group(1), m.group(2)));
        }
      }
    }
    Set<String> names = new java.util.TreeSet<>();
    Pattern meter =
        Pattern.compile(
            "(Counter|Timer|Gauge)\\.builder\\(\\s*([A-Za-z_.]+)|registry\\.gauge\\(\\s*([A-Z_]+)");
    for (String text : sources) {
      meter
          .matcher(text)
          .results()
          .forEach(
              m -> {
                String ref = m.group(2) != null ? m.group(2) : m.group(3);
                if (Character.isLowerCase(ref.charAt(0))) {
                  return; // a variable (AgentMetrics picks one of its constants): the real scrape
                  // below has it
                }
                String name = constants.get(ref.substring(ref.lastIndexOf('.') + 1));
                assertThat(name).as("meter name constant " + ref).isNotNull();
                String prom = name.replace('.', '_');
                switch (m.group(1) == null ? "Gauge" : m.group(1)) {
                  case "Counter" -> names.add(prom + "_total");
                  case "Timer" ->
                      List.of("_count", "_sum", "_max", "_bucket")
                          .forEach(s -> names.add(prom + "_seconds" + s));
                  default -> names.add(prom);
                }
              });
    }
    assertThat(names)
        .contains(
            "llm_failures_total",
            "agent_consumer_pending",
            "agent_runbook_executions_total",
            "agent_webhook_requests_total",
            "guardian_decisions_total");
    try (var metrics = new io.autoagent.core.metrics.AgentMetrics("infrastructure-agent")) {
      metrics.started();
      metrics.finished("infrastructure_agent", "done", java.time.Duration.ofMillis(5));
      metrics.started();
      metrics.finished("infrastructure_agent", "given_up", java.time.Duration.ofMillis(5));
      metrics.error("nats");
      metrics
          .scrape()
          .lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .forEach(l -> names.add(l.split("[{ ]")[0]));
    }
    assertThat(names)
        .contains(
            "agent_messages_processed_total",
            "agent_messages_failed_total",
            "jvm_memory_used_bytes");
    names.add("up");
    return names;
  }
}
