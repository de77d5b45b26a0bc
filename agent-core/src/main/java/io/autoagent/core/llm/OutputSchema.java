package io.autoagent.core.llm;

import java.util.List;
import java.util.Objects;

/**
 * The JSON object an answer must be: a flat object whose fields are all required. Small on purpose:
 * it is what both providers' structured-output modes accept (OpenAI strict {@code json_schema},
 * Gemini {@code responseSchema}).
 *
 * @param name schema name (OpenAI requires one)
 * @param fields the object's fields, all required, no others allowed
 */
public record OutputSchema(String name, List<Field> fields) {
  public OutputSchema {
    Objects.requireNonNull(name, "name");
    fields = List.copyOf(fields);
  }

  /** Kinds of field values. */
  public enum Kind {
    STRING,
    NUMBER,
    /** A string from {@link Field#allowed}. */
    ENUM,
    /** An array of strings, each from {@link Field#allowed} when it is not empty. */
    STRING_ARRAY
  }

  /**
   * One field.
   *
   * @param name field name
   * @param kind its value's kind
   * @param description what it means, for the model
   * @param allowed allowed values for {@link Kind#ENUM} and {@link Kind#STRING_ARRAY}
   */
  public record Field(String name, Kind kind, String description, List<String> allowed) {
    public Field {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      description = Objects.requireNonNullElse(description, "");
      allowed = allowed == null ? List.of() : List.copyOf(allowed);
      if (kind == Kind.ENUM && allowed.isEmpty()) {
        throw new IllegalArgumentException("enum field " + name + " needs allowed values");
      }
    }

    public static Field string(String name, String description) {
      return new Field(name, Kind.STRING, description, List.of());
    }

    public static Field number(String name, String description) {
      return new Field(name, Kind.NUMBER, description, List.of());
    }

    public static Field oneOf(String name, String description, List<String> allowed) {
      return new Field(name, Kind.ENUM, description, allowed);
    }

    public static Field stringArray(String name, String description, List<String> allowed) {
      return new Field(name, Kind.STRING_ARRAY, description, allowed);
    }
  }
}
