package io.autoagent.tools.analysis;

import java.util.Objects;

/**
 * The verdict of an analyzer.
 *
 * @param category the root-cause category
 * @param summary one or two sentences for a person
 * @param confidence 0..1
 */
public record RootCause(Category category, String summary, double confidence) {
  public RootCause {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(summary, "summary");
    if (confidence < 0 || confidence > 1) {
      throw new IllegalArgumentException("confidence must be within 0..1, got " + confidence);
    }
  }
}
