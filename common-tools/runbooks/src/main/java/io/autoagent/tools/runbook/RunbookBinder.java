package io.autoagent.tools.runbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoagent.core.text.Durations;
import io.autoagent.tools.analysis.Category;
import io.autoagent.tools.runbook.Runbook.Check;
import io.autoagent.tools.runbook.Runbook.Matches;
import io.autoagent.tools.runbook.Runbook.Parameter;
import io.autoagent.tools.runbook.Runbook.ParameterType;
import io.autoagent.tools.runbook.Runbook.Risk;
import io.autoagent.tools.runbook.Runbook.Step;
import io.autoagent.tools.runbook.Runbook.Verify;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a schema-valid tree into a {@link Runbook}, checking what the schema cannot: registered
 * actions and checks, their arguments, parameter defaults, sources and references. One instance per
 * document; not thread-safe.
 */
final class RunbookBinder {

  private final String source;
  private final ActionRegistry registry;
  private final ObjectMapper mapper;
  private final ArgChecker args;
  private final List<RunbookError> errors = new ArrayList<>();
  private final Map<String, Parameter> params = new LinkedHashMap<>();

  RunbookBinder(String source, ActionRegistry registry, ObjectMapper mapper) {
    this.source = source;
    this.registry = registry;
    this.mapper = mapper;
    this.args = new ArgChecker(params);
  }

  RunbookValidation bind(JsonNode t) {
    bindParameters(t.path("parameters"));
    List<Check> preconditions = checks("preconditions", t.path("preconditions"));
    List<Step> steps = steps("steps", t.path("steps"));
    List<Step> rollback = steps("rollback", t.path("rollback"));
    Verify verify =
        new Verify(
            Durations.parse(t.path("verify").path("timeout").asText()),
            checks("verify.conditions", t.path("verify").path("conditions")));
    Risk risk = Risk.valueOf(t.path("risk").asText().toUpperCase(Locale.ROOT));
    boolean automatable = t.path("automatable").asBoolean();
    boolean approval = t.path("requires_approval").asBoolean();
    if (risk == Risk.HIGH && automatable && !approval) {
      error("requires_approval", "a high-risk automatable runbook must require approval");
    }
    if (!errors.isEmpty()) {
      return RunbookValidation.rejected(errors);
    }
    JsonNode m = t.path("matches");
    Matches matches =
        new Matches(
            categories(m.path("categories")),
            categories(m.path("exclude_categories")),
            new LinkedHashSet<>(strings(m.path("reasons"))),
            mapper.convertValue(
                m.path("labels").isMissingNode() ? mapper.createObjectNode() : m.path("labels"),
                mapper.getTypeFactory().constructMapType(Map.class, String.class, String.class)),
            conditions(m.path("exclude_when")),
            conditions(m.path("prefer_when")));
    return RunbookValidation.ok(
        new Runbook(
            t.path("id").asText(),
            t.path("title").asText(),
            t.path("description").asText().strip(),
            strings(t.path("tags")),
            matches,
            params,
            preconditions,
            steps,
            verify,
            rollback,
            risk,
            automatable,
            approval,
            source));
  }

  private void bindParameters(JsonNode node) {
    node.properties().forEach(e -> params.put(e.getKey(), parameter(e.getKey(), e.getValue())));
    params
        .values()
        .forEach(
            p -> {
              for (String from : p.from()) {
                List<String> inputs =
                    ParameterResolver.COMPUTED_INPUTS.getOrDefault(from, List.of());
                for (String input : inputs) {
                  if (!params.containsKey(input)) {
                    error(
                        "parameters." + p.name() + ".from",
                        from + " needs a parameter named '" + input + "'");
                  }
                }
              }
            });
  }

  private Parameter parameter(String name, JsonNode n) {
    String field = "parameters." + name;
    ParameterType type = ParameterType.valueOf(n.path("type").asText().toUpperCase(Locale.ROOT));
    List<String> from =
        n.path("from").isTextual() ? List.of(n.path("from").asText()) : strings(n.path("from"));
    for (int i = 0; i < from.size(); i++) {
      if (!ParameterResolver.isKnownSource(from.get(i))) {
        error(
            field + ".from" + (n.path("from").isArray() ? "[" + i + "]" : ""),
            "'"
                + from.get(i)
                + "' is not a known source (alert.*, finding.<attribute>, workload.*, change.previous_image, computed.*)");
      }
    }
    Double min = n.has("minimum") ? n.get("minimum").asDouble() : null;
    Double max = n.has("maximum") ? n.get("maximum").asDouble() : null;
    if ((min != null || max != null)
        && type != ParameterType.INTEGER
        && type != ParameterType.NUMBER) {
      error(
          field + (min != null ? ".minimum" : ".maximum"),
          "bounds apply to integer and number parameters only");
    }
    if (min != null && max != null && min > max) {
      error(field + ".minimum", "minimum " + min + " is above maximum " + max);
    }
    List<Object> allowed = new ArrayList<>();
    n.path("enum").forEach(v -> allowed.add(mapper.convertValue(v, Object.class)));
    Parameter bare =
        new Parameter(
            name,
            type,
            n.path("description").asText(),
            n.path("required").asBoolean(false),
            null,
            from,
            min,
            max,
            n.hasNonNull("pattern") ? n.get("pattern").asText() : null,
            allowed);
    Object def = null;
    if (n.has("default")) {
      try {
        def = ParameterValues.coerce(bare, mapper.convertValue(n.get("default"), Object.class));
      } catch (IllegalArgumentException e) {
        error(field + ".default", e.getMessage());
      }
    }
    return new Parameter(
        name,
        type,
        bare.description(),
        bare.required(),
        def,
        from,
        min,
        max,
        bare.pattern(),
        allowed);
  }

  private List<Check> checks(String field, JsonNode list) {
    List<Check> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      String f = field + "[" + i + "]";
      String name = n.path("check").asText();
      Map<String, Object> a = argsOf(n);
      registry
          .check(name)
          .ifPresentOrElse(
              spec -> args.check(f, spec, a, errors, source),
              () ->
                  error(
                      f + ".check",
                      unknown(
                          "check", name, registry.checks(), registry.action(name).isPresent())));
      out.add(new Check(name, textOrNull(n, "description"), a));
    }
    return out;
  }

  private List<Step> steps(String field, JsonNode list) {
    List<Step> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      String f = field + "[" + i + "]";
      String name = n.path("name").asText();
      if (!names.add(name)) {
        error(f + ".name", "step name '" + name + "' is used twice in " + field);
      }
      String action = n.path("action").asText();
      Map<String, Object> a = argsOf(n);
      registry
          .action(action)
          .ifPresentOrElse(
              spec -> args.check(f, spec, a, errors, source),
              () ->
                  error(
                      f + ".action",
                      unknown(
                          "action",
                          action,
                          registry.actions(),
                          registry.check(action).isPresent())));
      out.add(
          new Step(
              name,
              action,
              textOrNull(n, "description"),
              a,
              n.has("timeout") ? Durations.parse(n.get("timeout").asText()) : null,
              n.path("continue_on_failure").asBoolean(false)));
    }
    return out;
  }

  private static String unknown(
      String what, String name, List<ActionSpec> known, boolean isOtherKind) {
    String hint =
        isOtherKind
            ? " ('" + name + "' is a " + (what.equals("action") ? "check" : "action") + ")"
            : "";
    return "'"
        + name
        + "' is not a registered "
        + what
        + hint
        + "; registered: "
        + known.stream().map(ActionSpec::name).toList();
  }

  private Map<String, Object> argsOf(JsonNode n) {
    if (!n.has("args")) {
      return Map.of();
    }
    Map<String, Object> a = new LinkedHashMap<>();
    n.get("args")
        .properties()
        .forEach(e -> a.put(e.getKey(), mapper.convertValue(e.getValue(), Object.class)));
    return a;
  }

  private static String textOrNull(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  private static List<String> strings(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static Set<Category> categories(JsonNode n) {
    return new LinkedHashSet<>(
        strings(n).stream().map((Function<String, Category>) Category::valueOf).toList());
  }

  private void error(String field, String problem) {
    errors.add(new RunbookError(source, field, problem));
  }

  private static List<Runbook.Condition> conditions(JsonNode node) {
    List<Runbook.Condition> out = new ArrayList<>();
    node.forEach(
        c -> out.add(new Runbook.Condition(c.path("fact").asText(), c.path("equals").asText())));
    return out;
  }
}
