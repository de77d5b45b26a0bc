package io.autoagent.tools.runbook;

import java.util.Objects;

/**
 * One reason a runbook was refused.
 *
 * @param source the file ({@code runbooks/x.yaml}) or KV entry ({@code kv:runbooks/x@7})
 * @param field path of the offending field, for example {@code steps[1].args.replicas}; {@code
 *     (document)} when the problem is the whole document
 * @param problem what is wrong, in a sentence
 */
public record RunbookError(String source, String field, String problem) {
  public RunbookError {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(problem, "problem");
  }

  /** {@code source: field: problem}, the form logged and shown by {@code runbooks validate}. */
  public String message() {
    return source + ": " + field + ": " + problem;
  }

  @Override
  public String toString() {
    return message();
  }
}
