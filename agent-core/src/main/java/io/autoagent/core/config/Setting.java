package io.autoagent.core.config;

import java.util.List;
import java.util.Objects;

/**
 * One environment variable, declared once in {@link Settings}: what it is called, what it holds,
 * its default and whether its value is secret. {@code docs/configuration.md} is generated from
 * these declarations.
 *
 * @param name the variable's name
 * @param group the heading it is documented under
 * @param type what the value must be
 * @param defaultValue the default as a user would write it, or empty when there is none
 * @param unit the value's unit ({@code s}, {@code ms}, {@code bytes}, ...), or empty
 * @param secret true when the value must never be logged or printed
 * @param description one or two sentences, Markdown
 * @param deprecatedNames older names still accepted, with a warning naming this one
 */
public record Setting(
    String name,
    String group,
    Type type,
    String defaultValue,
    String unit,
    boolean secret,
    String description,
    List<String> deprecatedNames) {

  /** What a value must look like. */
  public enum Type {
    STRING,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    DURATION,
    URL,
    PATH,
    LIST,
    ENUM;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Setting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(type, "type");
    defaultValue = Objects.requireNonNullElse(defaultValue, "");
    unit = Objects.requireNonNullElse(unit, "");
    Objects.requireNonNull(description, "description");
    deprecatedNames = deprecatedNames == null ? List.of() : List.copyOf(deprecatedNames);
    if (!name.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException("not an environment variable name: " + name);
    }
  }

  /** This setting, also accepted under {@code oldName} with a deprecation warning. */
  public Setting replacing(String oldName) {
    List<String> names = new java.util.ArrayList<>(deprecatedNames);
    names.add(oldName);
    return new Setting(name, group, type, defaultValue, unit, secret, description, names);
  }

  /** This setting, marked secret. */
  public Setting asSecret() {
    return new Setting(name, group, type, defaultValue, unit, true, description, deprecatedNames);
  }
}
