package io.autoagent.core.config;

/**
 * A configuration value that cannot be used. The message is one line naming the variable, the value
 * and what is allowed; {@code main} prints it and exits with status 2.
 */
public final class ConfigException extends IllegalArgumentException {

  public ConfigException(String message) {
    super(message);
  }
}
