package io.autoagent.tools.runbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argument templates: a string argument may refer to parameters as {@code {{ name }}}. A value that
 * is exactly one reference takes the parameter's typed value; references inside longer text are
 * replaced by the value's text. There are no expressions, filters or shell. Stateless.
 */
public final class RunbookTemplates {

  static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([a-z][a-z0-9_]*)\\s*}}");
  private static final Pattern WHOLE =
      Pattern.compile("^\\s*\\{\\{\\s*([a-z][a-z0-9_]*)\\s*}}\\s*$");

  private RunbookTemplates() {}

  /** Parameter names an argument value refers to, in order, including inside maps and lists. */
  public static Set<String> references(Object value) {
    Set<String> names = new LinkedHashSet<>();
    collect(value, names);
    return names;
  }

  /** The parameter name when the whole string is one reference, else null. */
  static String wholeReference(String value) {
    Matcher m = WHOLE.matcher(value);
    return m.matches() ? m.group(1) : null;
  }

  /**
   * Renders arguments with resolved parameter values.
   *
   * @throws IllegalArgumentException when a referenced parameter has no value
   */
  public static Map<String, Object> render(Map<String, Object> args, Map<String, Object> params) {
    Map<String, Object> out = new LinkedHashMap<>();
    args.forEach((k, v) -> out.put(k, renderValue(v, params)));
    return out;
  }

  private static Object renderValue(Object value, Map<String, Object> params) {
    if (value instanceof String s) {
      String whole = wholeReference(s);
      if (whole != null) {
        return lookup(whole, params);
      }
      Matcher m = REFERENCE.matcher(s);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(
            sb, Matcher.quoteReplacement(String.valueOf(lookup(m.group(1), params))));
      }
      m.appendTail(sb);
      return sb.toString();
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), renderValue(v, params)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(renderValue(v, params)));
      return out;
    }
    return value;
  }

  private static Object lookup(String name, Map<String, Object> params) {
    Object v = params.get(name);
    if (v == null) {
      throw new IllegalArgumentException("parameter '" + name + "' has no value");
    }
    return v;
  }

  private static void collect(Object value, Set<String> names) {
    if (value instanceof String s) {
      Matcher m = REFERENCE.matcher(s);
      while (m.find()) {
        names.add(m.group(1));
      }
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> collect(v, names));
    } else if (value instanceof List<?> list) {
      list.forEach(v -> collect(v, names));
    }
  }
}
