package io.autoagent.tools.analysis.llm;

import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.Finding;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Masks namespace, workload and object names with stable placeholders ({@code namespace-1}, {@code
 * workload-1}, {@code pod-2}) before the prompt leaves, and maps them back in the answer, as
 * k8sgpt's anonymize mode does. One instance per analysis; immutable.
 */
final class Anonymizer {

  static final Anonymizer NONE = new Anonymizer(Map.of());

  private static final int MIN_NAME_LENGTH = 3;

  private final Map<String, String> masks;
  private final Pattern originals;
  private final Pattern placeholders;
  private final Map<String, String> unmasks;

  private Anonymizer(Map<String, String> masks) {
    this.masks = Map.copyOf(masks);
    this.unmasks =
        masks.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
    this.originals = alternation(masks.keySet());
    this.placeholders = alternation(unmasks.keySet());
  }

  /** Placeholders for the alert's namespace and service and every object the findings name. */
  static Anonymizer of(Evidence evidence) {
    Map<String, String> masks = new LinkedHashMap<>();
    Map<String, Integer> counters = new HashMap<>();
    add(masks, counters, "namespace", evidence.alert().namespace());
    add(masks, counters, "workload", evidence.alert().service());
    if (evidence.workload() != null) {
      add(masks, counters, "workload", evidence.workload().name());
    }
    for (Finding f : evidence.findings()) {
      String[] parts = f.resource().split("/", 3);
      String kind = parts[0].toLowerCase(Locale.ROOT);
      if (parts.length == 3) {
        add(masks, counters, "namespace", parts[1]);
      }
      if (parts.length >= 2) {
        add(masks, counters, kind, parts[parts.length - 1]);
      }
      add(masks, counters, "pod", f.attributes().get(Finding.ATTR_POD));
      add(masks, counters, "node", f.attributes().get(Finding.ATTR_NODE));
    }
    return new Anonymizer(masks);
  }

  private static void add(
      Map<String, String> masks, Map<String, Integer> counters, String kind, String name) {
    if (name == null || name.length() < MIN_NAME_LENGTH || masks.containsKey(name)) {
      return;
    }
    int n = counters.merge(kind, 1, Integer::sum);
    masks.put(name, kind + "-" + n);
  }

  /** Longest first, so that a pod name wins over the workload name it starts with. */
  private static Pattern alternation(java.util.Set<String> words) {
    if (words.isEmpty()) {
      return null;
    }
    String alternatives =
        words.stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(Pattern::quote)
            .collect(Collectors.joining("|"));
    return Pattern.compile("(?<![A-Za-z0-9])(?:" + alternatives + ")(?![A-Za-z0-9])");
  }

  String mask(String text) {
    return replace(text, originals, masks);
  }

  String unmask(String text) {
    return replace(text, placeholders, unmasks);
  }

  boolean active() {
    return !masks.isEmpty();
  }

  private static String replace(String text, Pattern pattern, Map<String, String> table) {
    if (text == null || pattern == null) {
      return text;
    }
    Matcher m = pattern.matcher(text);
    return m.replaceAll(r -> Matcher.quoteReplacement(table.get(r.group())));
  }
}
