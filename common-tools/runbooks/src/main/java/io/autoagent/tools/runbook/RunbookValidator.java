package io.autoagent.tools.runbook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Validates runbook documents: first against the published JSON Schema ({@value #SCHEMA_RESOURCE}
 * on the classpath, {@code runbooks/runbook.schema.json} in the repository), then against the
 * {@link ActionRegistry} (registered actions and checks, argument names and types, declared
 * parameters, parameter sources). Usable for files, KV entries and runbooks an LLM composes as a
 * JSON tree. Thread-safe.
 */
public final class RunbookValidator {

  public static final String SCHEMA_RESOURCE = "runbook/runbook.schema.json";

  private final ActionRegistry registry;
  private final JsonSchema schema;
  private final ObjectMapper yaml;

  public RunbookValidator() {
    this(ActionRegistry.standard());
  }

  public RunbookValidator(ActionRegistry registry) {
    this.registry = registry;
    this.yaml =
        YAMLMapper.builder(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .formatAssertionsEnabled(true)
            .build();
    try (InputStream in =
        RunbookValidator.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " is not on the classpath");
      }
      this.schema =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ActionRegistry registry() {
    return registry;
  }

  /** Parses YAML (or JSON, which is YAML) text and validates it. */
  public RunbookValidation validate(String source, String text) {
    JsonNode tree;
    try {
      tree = yaml.readTree(text);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      return RunbookValidation.rejected(
          List.of(
              new RunbookError(
                  source, "(document)", "not valid YAML" + where + ": " + e.getOriginalMessage())));
    }
    return validate(source, tree);
  }

  /**
   * Validates a runbook given as a tree, as parsed from YAML or JSON or composed by an LLM.
   *
   * @param source names the document in error messages
   */
  public RunbookValidation validate(String source, JsonNode tree) {
    if (tree == null || tree.isMissingNode() || tree.isNull() || !tree.isObject()) {
      return RunbookValidation.rejected(
          List.of(
              new RunbookError(
                  source, "(document)", "expected a mapping with the runbook's fields")));
    }
    List<RunbookError> errors = schemaErrors(source, tree);
    if (!errors.isEmpty()) {
      return RunbookValidation.rejected(errors);
    }
    return new RunbookBinder(source, registry, yaml).bind(tree);
  }

  private List<RunbookError> schemaErrors(String source, JsonNode tree) {
    List<RunbookError> errors = new ArrayList<>();
    for (ValidationMessage m : schema.validate(tree)) {
      String at = fieldOf(m.getInstanceLocation().toString());
      String type = m.getType();
      if (("required".equals(type) || "additionalProperties".equals(type))
          && m.getProperty() != null) {
        at = at.isEmpty() ? m.getProperty() : at + "." + m.getProperty();
      }
      errors.add(new RunbookError(source, at.isEmpty() ? "(document)" : at, problemOf(m)));
    }
    errors.sort(Comparator.comparing(RunbookError::field).thenComparing(RunbookError::problem));
    return errors;
  }

  private static String fieldOf(String jsonPath) {
    String f = jsonPath.startsWith("$") ? jsonPath.substring(1) : jsonPath;
    return f.startsWith(".") ? f.substring(1) : f;
  }

  private static String problemOf(ValidationMessage m) {
    String msg = m.getMessage();
    String loc = m.getInstanceLocation().toString();
    if (msg.startsWith(loc + ": ")) {
      msg = msg.substring(loc.length() + 2);
    }
    if ("additionalProperties".equals(m.getType())) {
      return "is not a known field";
    }
    return msg;
  }
}
