package io.autoagent.tools.remediation.action;

import java.util.List;
import java.util.Map;

/**
 * Turns what a step did into what it would do, for dry-run plans: "scaled from 2 to 4 replicas"
 * becomes "would scale from 2 to 4 replicas". A plan never says "started" or "evicted" of something
 * that did not happen. Pure.
 */
public final class DryRunWording {

  private static final List<Map.Entry<String, String>> VERBS =
      List.of(
          Map.entry("scaled ", "would scale "),
          Map.entry("labelled ", "would label "),
          Map.entry("annotated ", "would annotate "),
          Map.entry("uncordoned ", "would uncordon "),
          Map.entry("cordoned ", "would cordon "),
          Map.entry("raised ", "would raise "),
          Map.entry("restored ", "would restore "),
          Map.entry("rolled ", "would roll "),
          Map.entry("set ", "would set "),
          Map.entry("evicted ", "would evict "),
          Map.entry("deleted ", "would delete "),
          Map.entry("published ", "would publish "),
          Map.entry("synced ", "would sync "),
          Map.entry("synchronized ", "would synchronize "));

  private DryRunWording() {}

  /** The dry-run form of one step's output; texts already saying "would" are left alone. */
  public static String of(String output) {
    if (output == null || output.isEmpty()) {
      return output;
    }
    StringBuilder out = new StringBuilder();
    for (String part : output.split("; ", -1)) {
      if (!out.isEmpty()) {
        out.append("; ");
      }
      out.append(clause(part));
    }
    return out.toString();
  }

  private static String clause(String part) {
    if (part.startsWith("would ") || part.contains("nothing changed")) {
      return part;
    }
    if (part.startsWith("rolling restart of ") && part.endsWith(" started")) {
      return "would restart "
          + part.substring("rolling restart of ".length(), part.length() - " started".length())
          + " with a rolling restart";
    }
    for (Map.Entry<String, String> e : VERBS) {
      if (part.startsWith(e.getKey())) {
        return e.getValue() + part.substring(e.getKey().length());
      }
    }
    return part;
  }
}
