package io.autoagent.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders {@code docs/configuration.md} from {@link Settings}. {@code ConfigurationDocTest} fails
 * while the checked-in file differs and rewrites it with {@code -Dconfiguration.doc.update=true};
 * {@link #main} does the same from the repository root.
 */
public final class ConfigurationDoc {

  /** Where the document lives, relative to the repository root. */
  public static final Path PATH = Path.of("docs", "configuration.md");

  private ConfigurationDoc() {}

  /** Writes the document to {@code args[0]}, else {@link #PATH}. */
  public static void main(String[] args) throws IOException {
    Path target = args.length > 0 ? Path.of(args[0]) : PATH;
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.writeString(target, render(), StandardCharsets.UTF_8);
    System.out.println("wrote " + target);
  }

  public static String render() {
    StringBuilder out = new StringBuilder();
    out.append(
            "<!-- Generated from io.autoagent.core.config.Settings by ConfigurationDoc: do not edit. Edit Settings,\n")
        .append(
            "     then run: mvn -q -pl agent-core test -Dtest=ConfigurationDocTest -Dconfiguration.doc.update=true -->\n")
        .append("# Configuration\n\n")
        .append(
            "Both agents are configured by environment variables only. A bad value stops start-up with one line\n")
        .append(
            "naming the variable, and exit status 2. Blank values count as unset. Secret values are never logged\n")
        .append("and `toString()` hides them; send them from a Kubernetes Secret.\n\n")
        .append(
            "Units: `_S` is seconds, `_MS` milliseconds; a duration written with its unit (`24h`) has no suffix.\n")
        .append(
            "A renamed variable is still read under its old name, with a warning at start-up naming the new one.\n\n");
    Map<String, List<Setting>> groups = new LinkedHashMap<>();
    for (Setting s : Settings.ALL) {
      groups.computeIfAbsent(s.group(), g -> new java.util.ArrayList<>()).add(s);
    }
    groups.forEach(
        (group, settings) -> {
          out.append("## ")
              .append(group)
              .append("\n\n")
              .append("| variable | type | default | unit | secret | meaning |\n")
              .append("|---|---|---|---|---|---|\n");
          for (Setting s : settings) {
            out.append("| `")
                .append(s.name())
                .append("` | ")
                .append(s.type().label())
                .append(" | ")
                .append(s.defaultValue().isEmpty() ? "" : code(s.defaultValue()))
                .append(" | ")
                .append(s.unit())
                .append(" | ")
                .append(s.secret() ? "yes" : "")
                .append(" | ")
                .append(cell(description(s)))
                .append(" |\n");
          }
          out.append('\n');
        });
    List<Setting> renamed =
        Settings.ALL.stream().filter(s -> !s.deprecatedNames().isEmpty()).toList();
    out.append("## Renamed variables\n\n| old name (deprecated) | new name |\n|---|---|\n");
    for (Setting s : renamed) {
      for (String old : s.deprecatedNames()) {
        out.append("| `").append(old).append("` | `").append(s.name()).append("` |\n");
      }
    }
    return out.toString();
  }

  private static String description(Setting s) {
    if (s.deprecatedNames().isEmpty()) {
      return s.description();
    }
    return s.description()
        + " Formerly "
        + s.deprecatedNames().stream().map(n -> "`" + n + "`").collect(Collectors.joining(", "))
        + " (still read, with a warning).";
  }

  /** A default that is a literal value is code; one that is a phrase stays prose. */
  private static String code(String value) {
    boolean phrase = value.contains(" ") || value.contains("`");
    return phrase ? cell(value) : "`" + cell(value) + "`";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }
}
