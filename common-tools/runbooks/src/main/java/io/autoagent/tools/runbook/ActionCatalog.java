package io.autoagent.tools.runbook;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The registered actions and checks as data: {@code runbooks/actions.json} in the repository,
 * {@value #RESOURCE} on the classpath. It is generated from the action and check classes of the
 * remediation engine (each carries its own {@link ActionSpec}), which this module cannot see; the
 * engine's {@code ActionCatalogTest} fails, printing the file to write, whenever the two differ.
 * Runbook validation reads it through {@link ActionRegistry#standard()}.
 */
public final class ActionCatalog {

  public static final String RESOURCE = "runbook/actions.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ActionCatalog() {}

  /** The specs of {@value #RESOURCE}. */
  public static List<ActionSpec> load() {
    try (InputStream in = ActionCatalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  static List<ActionSpec> read(InputStream in) throws IOException {
    return MAPPER.readValue(in, new TypeReference<List<ActionSpec>>() {});
  }

  /** The catalog's text for these specs, as {@code runbooks/actions.json} holds it. */
  public static String write(List<ActionSpec> specs) {
    try {
      return MAPPER.writeValueAsString(specs) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
