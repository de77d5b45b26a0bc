package io.autoagent.tools.remediation.action;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.text.Durations;
import io.autoagent.tools.runbook.ActionCatalog;
import io.autoagent.tools.runbook.ActionRegistry;
import io.autoagent.tools.runbook.ActionSpec;
import io.autoagent.tools.runbook.ArgSpec;
import io.autoagent.tools.runbook.ArgType;
import io.autoagent.tools.runbook.Runbook;
import io.autoagent.tools.runbook.RunbookValidation;
import io.autoagent.tools.runbook.RunbookValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The action and check classes, the catalog runbooks are validated with ({@code
 * runbooks/actions.json}), the runbook JSON Schema and the shipped runbooks all agree.
 */
class ActionCatalogTest {

  private static final Path RUNBOOKS = Path.of("..", "..", "runbooks");
  private static final Path CATALOG = RUNBOOKS.resolve("actions.json");

  private final Actions actions = Actions.standard();
  private final Checks checks = new Checks();

  @Test
  void catalogIsGeneratedFromTheActionAndCheckClasses() throws Exception {
    // given: every spec the classes carry, actions first
    List<ActionSpec> fromClasses = new ArrayList<>(actions.specs());
    fromClasses.addAll(checks.specs());
    String expected = ActionCatalog.write(fromClasses);

    // when
    String shipped = Files.readString(CATALOG);

    // then: on a difference, the file to copy is in target/
    if (!shipped.equals(expected)) {
      Path regenerated = Path.of("target", "actions.json");
      Files.createDirectories(regenerated.getParent());
      Files.writeString(regenerated, expected);
      assertThat(shipped)
          .as(
              "runbooks/actions.json is stale: copy common-tools/remediation/"
                  + regenerated
                  + " over it")
          .isEqualTo(expected);
    }
    assertThat(ActionCatalog.load()).isEqualTo(fromClasses);
  }

  @Test
  void registryHasExactlyTheImplementedActionsAndChecks() {
    ActionRegistry standard = ActionRegistry.standard();

    assertThat(standard.actions())
        .extracting(ActionSpec::name)
        .containsExactlyElementsOf(actions.names());
    assertThat(standard.checks())
        .extracting(ActionSpec::name)
        .containsExactlyElementsOf(checks.specs().stream().map(ActionSpec::name).toList());
    for (ActionSpec spec : standard.actions()) {
      assertThat(actions.registered(spec.name()))
          .as(spec.name())
          .get()
          .extracting(RegisteredAction::spec)
          .isEqualTo(spec);
      assertThat(spec.kind()).isEqualTo(ActionSpec.Kind.ACTION);
    }
    for (ActionSpec spec : standard.checks()) {
      assertThat(checks.find(spec.name()))
          .as(spec.name())
          .get()
          .extracting(RegisteredCheck::spec)
          .isEqualTo(spec);
      assertThat(spec.mutating()).as(spec.name()).isFalse();
    }
  }

  @Test
  void everyWaitConditionIsARegisteredCheck() {
    assertThat(ActionRegistry.WAIT_CONDITIONS)
        .allSatisfy(c -> assertThat(checks.find(c)).as(c).isPresent());
  }

  @Test
  void everyNameAndArgumentFitsTheRunbookSchema() throws Exception {
    // given: the schema's rules for action, check and argument names and argument values
    JsonNode defs =
        new ObjectMapper().readTree(RUNBOOKS.resolve("runbook.schema.json").toFile()).path("$defs");
    String namePattern = defs.path("name").path("pattern").asText();
    String argPattern = defs.path("args").path("propertyNames").path("pattern").asText();
    Set<String> valueTypes = new HashSet<>();
    defs.path("args")
        .path("additionalProperties")
        .path("type")
        .forEach(t -> valueTypes.add(t.asText()));
    assertThat(namePattern).isNotBlank();
    assertThat(argPattern).isNotBlank();

    // then: every registered name can be written in a runbook, and every argument type has a JSON
    // form
    List<ActionSpec> all = new ArrayList<>(actions.specs());
    all.addAll(checks.specs());
    for (ActionSpec spec : all) {
      assertThat(spec.name()).as(spec.name()).matches(namePattern);
      for (ArgSpec arg : spec.args()) {
        assertThat(arg.name()).as(spec.name() + "." + arg.name()).matches(argPattern);
        assertThat(valueTypes).as(spec.name() + "." + arg.name()).contains(jsonType(arg.type()));
      }
    }
    // and a step's timeout follows the same duration grammar as DURATION arguments
    assertThat(defs.path("duration").path("pattern").asText()).isEqualTo("^([0-9]+(ms|s|m|h))+$");
    assertThat(Durations.isDuration("1h30m")).isTrue();
    assertThat(Durations.isDuration("PT10M")).isFalse();
  }

  @Test
  void everyShippedRunbookUsesOnlyRegisteredActionsAndChecksWithTheirArguments() throws Exception {
    // given: the validator over the registry the classes make (not the catalog)
    RunbookValidator validator = new RunbookValidator(actions.registry());
    List<Path> files;
    try (Stream<Path> list = Files.list(RUNBOOKS)) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(5);

    for (Path file : files) {
      // when
      RunbookValidation v = validator.validate(file.toString(), Files.readString(file));

      // then
      assertThat(v.valid()).as(file + ": " + v.errors()).isTrue();
      Runbook rb = v.runbook();
      List<Runbook.Step> steps = new ArrayList<>(rb.steps());
      steps.addAll(rb.rollback());
      for (Runbook.Step step : steps) {
        RegisteredAction action =
            actions
                .registered(step.action())
                .orElseThrow(
                    () ->
                        new AssertionError(
                            file + ": action " + step.action() + " is not registered"));
        assertArgs(file + " step " + step.name(), action.spec(), step.args());
      }
      List<Runbook.Check> all = new ArrayList<>(rb.preconditions());
      all.addAll(rb.verify().conditions());
      for (Runbook.Check check : all) {
        RegisteredCheck c =
            checks
                .find(check.check())
                .orElseThrow(
                    () ->
                        new AssertionError(
                            file + ": check " + check.check() + " is not registered"));
        assertArgs(file + " check " + check.check(), c.spec(), check.args());
      }
    }
  }

  @Test
  void onlyActionsThatChangeAManifestSayHow() {
    for (RegisteredAction a : Actions.standardList()) {
      if (a.manifestEffect() == RegisteredAction.ManifestEffect.EDIT) {
        assertThat(a.spec().mutating()).as(a.name()).isTrue();
      }
    }
    assertThat(Actions.standardList())
        .filteredOn(a -> a.manifestEffect() == RegisteredAction.ManifestEffect.EDIT)
        .extracting(RegisteredAction::name)
        .containsExactlyInAnyOrder(
            "scale_deployment", "raise_memory_limit", "set_memory_limit", "set_image");
  }

  private static void assertArgs(String where, ActionSpec spec, Map<String, Object> args) {
    assertThat(spec.argsByName().keySet()).as(where + " arguments").containsAll(args.keySet());
    for (ArgSpec arg : spec.args()) {
      if (arg.required()) {
        assertThat(args).as(where + " required argument").containsKey(arg.name());
      }
    }
  }

  private static String jsonType(ArgType type) {
    return switch (type) {
      case INTEGER -> "integer";
      case BOOLEAN -> "boolean";
      case STRING_MAP -> "object";
      case STRING_LIST -> "array";
      default -> "string";
    };
  }
}
