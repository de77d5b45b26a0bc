package io.autoagent.infra.cli;

/** A command that cannot go on; its message is printed as one line and the command exits 1. */
public final class CliException extends RuntimeException {

  public CliException(String message) {
    super(message);
  }
}
