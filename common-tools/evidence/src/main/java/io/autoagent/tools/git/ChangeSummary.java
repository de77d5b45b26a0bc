package io.autoagent.tools.git;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grammar of {@code Change.summary()} for git and Argo CD changes: items rendered by {@link
 * ChangeItem#render()}, joined by {@code "; "}. Kept in one place so that what the git source
 * writes is what {@link ChangeCorrelator} (and the runbook planner, for images) reads.
 */
public final class ChangeSummary {

  static final String SEPARATOR = "; ";
  private static final Pattern ITEM =
      Pattern.compile(
          "^(image|env|resources|replicas|probes|config|other)(?:\\s+([^\\s:]+))?:\\s*(.*)$");
  private static final Pattern FROM_TO = Pattern.compile("^(.*?)\\s*(\\S+) -> (\\S+)$");

  private ChangeSummary() {}

  public static String format(List<ChangeItem> items) {
    return String.join(SEPARATOR, items.stream().map(ChangeItem::render).toList());
  }

  /** The items of a summary; text that follows no known form is one {@code OTHER} item. */
  public static List<ChangeItem> parse(String summary) {
    List<ChangeItem> items = new ArrayList<>();
    for (String part : summary.split(Pattern.quote(SEPARATOR))) {
      Matcher m = ITEM.matcher(part.trim());
      if (!m.matches()) {
        items.add(new ChangeItem(ChangeItem.Kind.OTHER, null, null, null, part.trim()));
        continue;
      }
      ChangeItem.Kind kind = ChangeItem.Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
      String rest = m.group(3);
      Matcher ft = FROM_TO.matcher(rest);
      if (ft.matches()) {
        items.add(
            new ChangeItem(
                kind,
                m.group(2),
                dash(ft.group(2)),
                dash(ft.group(3)),
                ft.group(1).isBlank() ? null : ft.group(1).trim()));
      } else {
        items.add(new ChangeItem(kind, m.group(2), null, null, rest.isBlank() ? null : rest));
      }
    }
    return items;
  }

  private static String dash(String value) {
    return "-".equals(value) ? null : value;
  }
}
