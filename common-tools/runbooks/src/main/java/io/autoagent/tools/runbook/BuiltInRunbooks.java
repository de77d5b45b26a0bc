package io.autoagent.tools.runbook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project's runbook library as shipped in the jar: the repository's {@code runbooks/*.yaml}
 * packaged under {@value #RESOURCE_DIR} with an {@code index.txt} naming them, since a jar's
 * directories cannot be listed reliably. The default source of every {@link RunbookLibrary} the
 * agent builds; {@code RUNBOOK_DIR} and the KV bucket override it by id.
 */
public final class BuiltInRunbooks {

  /** Where the runbooks are on the classpath. */
  public static final String RESOURCE_DIR = "io/autoagent/runbooks/";

  /** The {@link Runbook#source()} prefix of a built-in runbook. */
  public static final String SOURCE_PREFIX = "built-in:";

  private BuiltInRunbooks() {}

  /**
   * File name to content of every runbook the index names, in index order; empty when the jar has
   * no index (a build without resources).
   *
   * @throws IllegalStateException when the index names a file the jar does not hold
   */
  public static Map<String, String> load(ClassLoader loader) {
    Map<String, String> out = new LinkedHashMap<>();
    String index = read(loader, RESOURCE_DIR + "index.txt");
    if (index == null) {
      return out;
    }
    for (String line : index.lines().map(String::strip).toList()) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String content = read(loader, RESOURCE_DIR + line);
      if (content == null) {
        throw new IllegalStateException(
            "the built-in runbook index names " + line + ", which the jar does not hold");
      }
      out.put(line, content);
    }
    return out;
  }

  /** The built-in runbooks of this library's own jar. */
  public static Map<String, String> load() {
    return load(BuiltInRunbooks.class.getClassLoader());
  }

  private static String read(ClassLoader loader, String name) {
    try (InputStream in = loader.getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read " + name + " from the jar: " + e.getMessage(), e);
    }
  }
}
