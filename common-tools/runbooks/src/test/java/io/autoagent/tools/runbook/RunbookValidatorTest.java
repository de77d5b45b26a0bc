package io.autoagent.tools.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RunbookValidatorTest {

  private final RunbookValidator validator = new RunbookValidator();

  static String fixture(String name) throws IOException {
    try (InputStream in = RunbookValidatorTest.class.getResourceAsStream("/runbook/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private RunbookValidation validate(String fixtureText) {
    return validator.validate("runbooks/demo.yaml", fixtureText);
  }

  @Test
  void acceptsAValidRunbook() throws IOException {
    RunbookValidation v = validate(fixture("valid.yaml"));

    assertThat(v.errors()).isEmpty();
    Runbook r = v.runbook();
    assertThat(r.id()).isEqualTo("demo");
    assertThat(r.parameters()).containsKeys("namespace", "deployment", "replicas");
    assertThat(r.parameters().get("replicas").defaultValue()).isEqualTo(3L);
    assertThat(r.steps()).extracting(Runbook.Step::action).containsExactly("scale_deployment");
    assertThat(r.verify().timeout()).hasMinutes(5);
  }

  @Test
  void namesFileFieldAndProblemForSchemaViolations() throws IOException {
    // given a runbook with an unknown risk, an unknown field and no steps
    String text =
        fixture("valid.yaml")
            .replace("risk: low", "risk: extreme\ncolour: blue")
            .replaceAll("(?s)steps:.*?verify:", "verify:");

    RunbookValidation v = validate(text);

    assertThat(v.valid()).isFalse();
    assertThat(v.errors())
        .extracting(RunbookError::message)
        .contains(
            "runbooks/demo.yaml: risk: does not have a value in the enumeration [\"low\", \"medium\", \"high\"]",
            "runbooks/demo.yaml: colour: is not a known field",
            "runbooks/demo.yaml: steps: required property 'steps' not found");
  }

  @Test
  void refusesAStepWhoseActionIsNotRegistered() throws IOException {
    RunbookValidation v =
        validate(fixture("valid.yaml").replace("action: scale_deployment", "action: run_shell"));

    assertThat(v.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.source()).isEqualTo("runbooks/demo.yaml");
              assertThat(e.field()).isEqualTo("steps[0].action");
              assertThat(e.problem()).startsWith("'run_shell' is not a registered action");
            });
  }

  @Test
  void refusesArgumentsThatDoNotFitTheAction() throws IOException {
    String text =
        fixture("valid.yaml")
            .replace("max_replicas: 10", "max_replicas: 5000\n      color: red")
            .replace("      replicas: \"{{ replicas }}\"\n", "");

    RunbookValidation v = validate(text);

    assertThat(v.errors())
        .extracting(RunbookError::field, RunbookError::problem)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "steps[0].args.max_replicas", "5000 is outside 1..1000"));
    assertThat(v.errors())
        .extracting(RunbookError::field)
        .contains("steps[0].args.color", "steps[0].args.replicas");
  }

  @Test
  void refusesATemplateThatNamesAnUndeclaredParameter() throws IOException {
    RunbookValidation v =
        validate(
            fixture("valid.yaml")
                .replace("name: \"{{ deployment }}\"", "name: \"{{ deploymnet }}\""));

    assertThat(v.errors())
        .extracting(RunbookError::message)
        .contains(
            "runbooks/demo.yaml: steps[0].args.name: refers to undeclared parameter 'deploymnet'");
  }

  @Test
  void refusesAParameterOfTheWrongTypeForTheArgument() throws IOException {
    RunbookValidation v =
        validate(
            fixture("valid.yaml")
                .replace("replicas: \"{{ replicas }}\"", "replicas: \"{{ deployment }}\""));

    assertThat(v.errors())
        .extracting(RunbookError::field, RunbookError::problem)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "steps[0].args.replicas",
                "parameter 'deployment' is string but the argument needs integer"));
  }

  @Test
  void refusesAnUnknownParameterSourceAndABadDefault() throws IOException {
    String text =
        fixture("valid.yaml")
            .replace("from: alert.namespace", "from: alert.nowhere")
            .replace("default: 3", "default: three");

    RunbookValidation v = validate(text);

    assertThat(v.errors())
        .extracting(RunbookError::field)
        .containsExactlyInAnyOrder("parameters.namespace.from", "parameters.replicas.default");
  }

  @Test
  void refusesAHighRiskAutomatableRunbookWithoutApproval() throws IOException {
    RunbookValidation v = validate(fixture("valid.yaml").replace("risk: low", "risk: high"));

    assertThat(v.errors()).extracting(RunbookError::field).containsExactly("requires_approval");
  }

  @Test
  void reportsInvalidYamlAsADocumentError() {
    RunbookValidation v = validate("id: [unclosed");

    assertThat(v.errors())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.field()).isEqualTo("(document)");
              assertThat(e.problem()).startsWith("not valid YAML");
            });
  }

  @Test
  void validatesARunbookGivenAsAJsonTree() throws IOException {
    // given a runbook as an LLM would compose it, as JSON
    JsonNode tree =
        new ObjectMapper()
            .valueToTree(
                new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
                    .readValue(fixture("valid.yaml"), Object.class));
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("steps").get(0))
        .put("action", "exec");

    RunbookValidation v = validator.validate("llm:proposal-1", tree);

    assertThat(v.errors())
        .extracting(RunbookError::message)
        .singleElement()
        .asString()
        .startsWith("llm:proposal-1: steps[0].action: 'exec' is not a registered action");
  }
}
