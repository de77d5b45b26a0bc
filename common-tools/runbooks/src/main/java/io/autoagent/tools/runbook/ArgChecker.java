package io.autoagent.tools.runbook;

import io.autoagent.core.text.Durations;
import io.autoagent.core.text.Quantities;
import io.autoagent.tools.runbook.Runbook.Parameter;
import io.autoagent.tools.runbook.Runbook.ParameterType;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a step's or check's arguments against its {@link ActionSpec}. Not thread-safe. */
final class ArgChecker {

  private static final Pattern DNS_NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final Pattern IMAGE =
      Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9._\\-/:]*(@sha256:[a-f0-9]{64})?$");
  private static final Set<ArgType> TEXTUAL =
      EnumSet.of(ArgType.STRING, ArgType.NAME, ArgType.IMAGE);

  private final Map<String, Parameter> params;

  ArgChecker(Map<String, Parameter> params) {
    this.params = params;
  }

  void check(
      String field,
      ActionSpec spec,
      Map<String, Object> args,
      List<RunbookError> errors,
      String source) {
    String what =
        (spec.kind() == ActionSpec.Kind.ACTION ? "action '" : "check '") + spec.name() + "'";
    Map<String, ArgSpec> specs = spec.argsByName();
    args.forEach(
        (name, value) -> {
          ArgSpec a = specs.get(name);
          String f = field + ".args." + name;
          if (a == null) {
            errors.add(
                new RunbookError(
                    source,
                    f,
                    "is not an argument of " + what + "; expected one of " + specs.keySet()));
            return;
          }
          String problem = problem(a, value);
          if (problem != null) {
            errors.add(new RunbookError(source, f, problem));
          }
        });
    specs.values().stream()
        .filter(a -> a.required() && !args.containsKey(a.name()))
        .forEach(
            a ->
                errors.add(
                    new RunbookError(
                        source,
                        field + ".args." + a.name(),
                        "is required by "
                            + what
                            + " ("
                            + a.type().name().toLowerCase()
                            + ": "
                            + a.description()
                            + ")")));
  }

  /** Why the value does not fit the argument, or null when it does. */
  private String problem(ArgSpec a, Object value) {
    if (value instanceof String s && s.contains("{{")) {
      return templateProblem(a, s);
    }
    return switch (a.type()) {
      case STRING ->
          value instanceof String s && !s.isBlank()
              ? null
              : "expected text, got " + describe(value);
      case NAME ->
          value instanceof String s && s.length() <= 253 && DNS_NAME.matcher(s).matches()
              ? null
              : "expected a Kubernetes name (lower case, digits, '-', '.'), got " + describe(value);
      case IMAGE ->
          value instanceof String s && IMAGE.matcher(s).matches()
              ? null
              : "expected an image reference, got " + describe(value);
      case ENUM ->
          value instanceof String s && a.allowed().contains(s)
              ? null
              : "expected one of " + a.allowed() + ", got " + describe(value);
      case BOOLEAN ->
          value instanceof Boolean ? null : "expected true or false, got " + describe(value);
      case INTEGER -> integerProblem(a, value);
      case QUANTITY ->
          Quantities.isQuantity(String.valueOf(value)) && !(value instanceof Boolean)
              ? null
              : "expected a Kubernetes quantity such as 512Mi, got " + describe(value);
      case DURATION ->
          value instanceof String s && Durations.isDuration(s)
              ? null
              : "expected a duration such as 90s or 5m, got " + describe(value);
      case STRING_MAP -> mapProblem(value);
      case STRING_LIST -> listProblem(value);
    };
  }

  private static String integerProblem(ArgSpec a, Object value) {
    if (!(value instanceof Integer || value instanceof Long)) {
      return "expected an integer, got " + describe(value);
    }
    long v = ((Number) value).longValue();
    if ((a.min() != null && v < a.min()) || (a.max() != null && v > a.max())) {
      return v + " is outside " + a.min() + ".." + a.max();
    }
    return null;
  }

  private String mapProblem(Object value) {
    if (!(value instanceof Map<?, ?> map) || map.isEmpty()) {
      return "expected a non-empty map of text to text, got " + describe(value);
    }
    for (var e : map.entrySet()) {
      if (e.getValue() != null && !(e.getValue() instanceof String)) {
        return "value of '" + e.getKey() + "' must be text or null, got " + describe(e.getValue());
      }
      String p = e.getValue() == null ? null : undeclared((String) e.getValue());
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private String listProblem(Object value) {
    if (!(value instanceof List<?> list) || list.isEmpty()) {
      return "expected a non-empty list of text, got " + describe(value);
    }
    for (Object o : list) {
      if (!(o instanceof String s)) {
        return "list items must be text, got " + describe(o);
      }
      String p = undeclared(s);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private String templateProblem(ArgSpec a, String s) {
    String p = undeclared(s);
    if (p != null) {
      return p;
    }
    String whole = RunbookTemplates.wholeReference(s);
    if (whole == null) {
      return TEXTUAL.contains(a.type())
          ? null
          : "a "
              + a.type().name().toLowerCase()
              + " argument must be a literal or exactly one {{ parameter }}";
    }
    ParameterType t = params.get(whole).type();
    boolean fits =
        switch (a.type()) {
          case STRING -> true;
          case NAME, IMAGE, ENUM -> t == ParameterType.STRING;
          case INTEGER -> t == ParameterType.INTEGER;
          case BOOLEAN -> t == ParameterType.BOOLEAN;
          case QUANTITY -> t == ParameterType.QUANTITY;
          case DURATION -> t == ParameterType.DURATION;
          case STRING_MAP, STRING_LIST -> false;
        };
    return fits
        ? null
        : "parameter '"
            + whole
            + "' is "
            + t.wire()
            + " but the argument needs "
            + a.type().name().toLowerCase();
  }

  private String undeclared(String s) {
    for (String ref : RunbookTemplates.references(s)) {
      if (!params.containsKey(ref)) {
        return "refers to undeclared parameter '" + ref + "'";
      }
    }
    if (s.contains("{{") && RunbookTemplates.REFERENCE.matcher(s).replaceAll("").contains("{{")) {
      return "malformed template; use {{ parameter_name }}";
    }
    return null;
  }

  private static String describe(Object v) {
    return v == null
        ? "nothing"
        : v instanceof String s
            ? "'" + s + "'"
            : v.getClass().getSimpleName().toLowerCase() + " " + v;
  }
}
