package io.autoagent.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import io.autoagent.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every environment variable the Helm chart sets is one the agents declare in {@link Settings}. */
class HelmEnvRegistryTest {

  private static final Path CHART = Path.of("..", "helm", "autoagent");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** {@code name: X} in an env list, and the quoted keys handed to the secretEnv helper. */
  private static final Pattern ENV_NAME =
      Pattern.compile("(?:name: |\")([A-Z][A-Z0-9]*_[A-Z0-9_]*|[A-Z]{4,})(?=[,}\"\\s])");

  @Test
  void setsOnlyDeclaredVariablesWithEverythingSwitchedOn() throws Exception {
    String rendered =
        new Helm(CHART)
            .template()
            .withName("aa")
            .withNamespace("ops")
            .withKubeVersion("1.31.0")
            .set("secretName", "agent-keys")
            .set("infrastructureAgent.watchNamespaces", "shop")
            .set("infrastructureAgent.argocdServer", "https://argocd.example")
            .set("infrastructureAgent.archive.store", "s3")
            .set("infrastructureAgent.archive.s3.bucket", "incidents")
            .set("infrastructureAgent.archive.s3.region", "eu-west-1")
            .set("infrastructureAgent.archive.s3.endpoint", "http://minio:9000")
            .set("opsGuardian.prometheusUrl", "http://prometheus:9090")
            .set("opsGuardian.monitoredServices", "shop/web")
            .call();
    Set<String> names = new TreeSet<>();
    try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(rendered)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && "Deployment".equals(doc.path("kind").asText())) {
          for (JsonNode container :
              doc.path("spec").path("template").path("spec").path("containers")) {
            container.path("env").forEach(e -> names.add(e.path("name").asText()));
          }
        }
      }
    }

    assertThat(names)
        .contains("NATS_URL", "ARCHIVE_S3_ENDPOINT", "PROMETHEUS_URL", "SECRET_KEY", "GIT_SSH_KEY");
    assertThat(names)
        .allSatisfy(
            name ->
                assertThat(Settings.isDeclared(name))
                    .as(name + " is set by the chart but not declared in Settings")
                    .isTrue());
  }

  @Test
  void templatesNameOnlyDeclaredVariablesOnAnyBranch() throws Exception {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> files = Files.walk(CHART.resolve("templates"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        for (String line : Files.readAllLines(file)) {
          if (line.contains("name:") || line.contains("secretEnv")) {
            Matcher m = ENV_NAME.matcher(line);
            while (m.find()) {
              names.add(m.group(1));
            }
          }
        }
      }
    }

    assertThat(names).contains("NATS_URL", "OPENAI_API_KEY", "ARCHIVE_S3_BUCKET");
    assertThat(names)
        .allSatisfy(
            name ->
                assertThat(Settings.isDeclared(name))
                    .as(name + " is named in the chart's templates but not declared in Settings")
                    .isTrue());
  }
}
