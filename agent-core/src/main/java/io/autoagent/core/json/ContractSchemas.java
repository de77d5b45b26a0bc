package io.autoagent.core.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wire contract's JSON Schemas (draft 2020-12), a copy of {@code shared/contract/schemas} kept
 * on the classpath under {@code contract/schemas/}. Used to validate requests as they arrive and,
 * in tests, everything the agents publish. Thread-safe; schemas load once.
 */
public final class ContractSchemas {

  public static final String ALERT = "alert.schema.json";
  public static final String ANALYSIS = "analysis.schema.json";
  public static final String AGENT_STATUS = "agent-status.schema.json";
  public static final String ENVELOPE = "envelope.schema.json";
  public static final String RUNBOOK_REQUEST = "runbook-execution-request.schema.json";
  public static final String RUNBOOK_RESULT = "runbook-execution-result.schema.json";
  public static final String DEPLOYMENT_ANALYSIS = "deployment-analysis.schema.json";

  private final JsonSchemaFactory factory =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final SchemaValidatorsConfig config =
      SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
  private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  /**
   * Problems of {@code document} against the named schema, most specific first, as {@code <json
   * path>: <message>} lines; empty when valid.
   */
  public List<String> validate(String schemaName, JsonNode document) {
    JsonSchema schema = schemas.computeIfAbsent(schemaName, this::load);
    return schema.validate(document).stream()
        .sorted(Comparator.comparing(ValidationMessage::getMessage))
        .map(ValidationMessage::getMessage)
        .toList();
  }

  /** Validates JSON text; used by tests that hold raw message bodies. */
  public List<String> validate(String schemaName, String json) {
    JsonSchema schema = schemas.computeIfAbsent(schemaName, this::load);
    return schema.validate(json, InputFormat.JSON).stream()
        .map(ValidationMessage::getMessage)
        .toList();
  }

  private JsonSchema load(String name) {
    return factory.getSchema(SchemaLocation.of("classpath:contract/schemas/" + name), config);
  }
}
