package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The chart's NATS settings ({@code nats.auth}, {@code nats.tls}, {@code nats.streamReplicas}),
 * rendered offline.
 */
class HelmNatsChartTest {

  private static final Path CHART = Path.of("..", "helm", "autoagent");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final List<String> AGENTS = List.of("aa-infrastructure-agent", "aa-ops-guardian");

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

  private static JsonNode pod(List<JsonNode> objects, String name) {
    return objects.stream()
        .filter(
            o ->
                o.path("kind").asText().equals("Deployment")
                    && o.path("metadata").path("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no Deployment/" + name))
        .path("spec")
        .path("template")
        .path("spec");
  }

  /**
   * The container's environment: plain values as text, secret references as {@code
   * secret:<name>/<key>}.
   */
  private static Map<String, String> env(JsonNode pod) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode e : pod.path("containers").get(0).path("env")) {
      JsonNode ref = e.path("valueFrom").path("secretKeyRef");
      env.put(
          e.path("name").asText(),
          ref.isMissingNode()
              ? e.path("value").asText()
              : "secret:" + ref.path("name").asText() + "/" + ref.path("key").asText());
    }
    return env;
  }

  private static JsonNode mount(JsonNode pod, String volume) {
    for (JsonNode m : pod.path("containers").get(0).path("volumeMounts")) {
      if (m.path("name").asText().equals(volume)) {
        return m;
      }
    }
    throw new AssertionError("no mount of " + volume);
  }

  private static JsonNode volume(JsonNode pod, String name) {
    for (JsonNode v : pod.path("volumes")) {
      if (v.path("name").asText().equals(name)) {
        return v;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  @Test
  void asksForThreeReplicasByDefaultAndMountsNothingWithoutSecrets() throws Exception {
    List<JsonNode> objects = render(t -> t);

    for (String name : AGENTS) {
      JsonNode pod = pod(objects, name);
      assertThat(env(pod))
          .containsEntry("NATS_URL", "nats://nats:4222")
          .containsEntry("NATS_STREAM_REPLICAS", "3")
          .doesNotContainKeys("NATS_CREDS", "NATS_TLS_CA", "NATS_JS_DOMAIN");
      assertThat(pod.path("volumes").findValuesAsText("name"))
          .doesNotContain("nats-auth", "nats-tls");
    }
  }

  @Test
  void mountsTheCredsAndTheTlsSecretsReadOnlyIntoBothAgents() throws Exception {
    List<JsonNode> objects =
        render(
            t ->
                t.set("nats.url", "tls://nats-0.nats:4222,tls://nats-1.nats:4222")
                    .set("nats.auth.secretName", "nats-user")
                    .set("nats.tls.secretName", "nats-client-tls")
                    .set("nats.jsDomain", "hub")
                    .set("nats.streamReplicas", "5"));

    for (String name : AGENTS) {
      JsonNode pod = pod(objects, name);
      assertThat(env(pod))
          .containsEntry("NATS_URL", "tls://nats-0.nats:4222,tls://nats-1.nats:4222")
          .containsEntry("NATS_STREAM_REPLICAS", "5")
          .containsEntry("NATS_JS_DOMAIN", "hub")
          .containsEntry("NATS_CREDS", "/etc/autoagent/nats-auth/nats.creds")
          .containsEntry("NATS_TLS_CA", "/etc/autoagent/nats-tls/ca.crt")
          .containsEntry("NATS_TLS_CERT", "/etc/autoagent/nats-tls/tls.crt")
          .containsEntry("NATS_TLS_KEY", "/etc/autoagent/nats-tls/tls.key")
          .doesNotContainKeys("NATS_TLS_FIRST", "NATS_TOKEN", "NATS_TOKEN_FILE");
      assertThat(mount(pod, "nats-auth").path("mountPath").asText())
          .isEqualTo("/etc/autoagent/nats-auth");
      assertThat(mount(pod, "nats-auth").path("readOnly").asBoolean()).isTrue();
      assertThat(mount(pod, "nats-tls").path("mountPath").asText())
          .isEqualTo("/etc/autoagent/nats-tls");
      assertThat(mount(pod, "nats-tls").path("readOnly").asBoolean()).isTrue();
      assertThat(volume(pod, "nats-auth").path("secret").path("secretName").asText())
          .isEqualTo("nats-user");
      assertThat(volume(pod, "nats-tls").path("secret").path("secretName").asText())
          .isEqualTo("nats-client-tls");
      assertThat(volume(pod, "nats-tls").path("secret").path("defaultMode").asInt())
          .isEqualTo(0440);
    }
  }

  @Test
  void passesAUserFromTheSecretAndThePasswordAsAFile() throws Exception {
    List<JsonNode> objects =
        render(
            t -> t.set("nats.auth.secretName", "nats-login").set("nats.auth.type", "userPassword"));

    for (String name : AGENTS) {
      assertThat(env(pod(objects, name)))
          .containsEntry("NATS_USER", "secret:nats-login/username")
          .containsEntry("NATS_PASSWORD_FILE", "/etc/autoagent/nats-auth/password")
          .doesNotContainKeys("NATS_PASSWORD", "NATS_CREDS");
    }
  }

  @Test
  void passesATokenOrAnNkeySeedAsAFile() throws Exception {
    JsonNode token =
        pod(
            render(t -> t.set("nats.auth.secretName", "s").set("nats.auth.type", "token")),
            AGENTS.get(0));
    JsonNode nkey =
        pod(
            render(t -> t.set("nats.auth.secretName", "s").set("nats.auth.type", "nkey")),
            AGENTS.get(1));

    assertThat(env(token))
        .containsEntry("NATS_TOKEN_FILE", "/etc/autoagent/nats-auth/token")
        .doesNotContainKey("NATS_TOKEN");
    assertThat(env(nkey)).containsEntry("NATS_NKEY_SEED", "/etc/autoagent/nats-auth/nkey.seed");
  }

  @Test
  void trustsACaWithoutAClientCertificateAndTurnsTlsFirstOn() throws Exception {
    List<JsonNode> objects =
        render(
            t ->
                t.set("nats.tls.secretName", "nats-ca")
                    .set("nats.tls.clientCertificate", "false")
                    .set("nats.tls.handshakeFirst", "true"));

    assertThat(env(pod(objects, AGENTS.get(0))))
        .containsEntry("NATS_TLS_CA", "/etc/autoagent/nats-tls/ca.crt")
        .containsEntry("NATS_TLS_FIRST", "true")
        .doesNotContainKeys("NATS_TLS_CERT", "NATS_TLS_KEY");
  }

  @Test
  void refusesAnUnknownAuthType() {
    assertThatThrownBy(
            () -> render(t -> t.set("nats.auth.secretName", "s").set("nats.auth.type", "kerberos")))
        .hasMessageContaining("nats.auth.type must be one of creds, nkey, token, userPassword");
  }
}
