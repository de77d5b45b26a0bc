package io.autoagent.tools.runbook;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The runbooks in use at one moment, with the errors of the documents that were refused and the
 * search index over them. Immutable: a reload builds a new snapshot and swaps it in whole, so a
 * caller that keeps one sees a consistent library.
 */
public final class RunbookSnapshot {

  private final Map<String, Runbook> byId;
  private final List<RunbookError> errors;
  private final long version;
  private final RunbookIndex index;

  RunbookSnapshot(Collection<Runbook> runbooks, List<RunbookError> errors, long version) {
    Map<String, Runbook> m = new TreeMap<>();
    runbooks.forEach(r -> m.put(r.id(), r));
    this.byId = Collections.unmodifiableMap(m);
    this.errors = List.copyOf(errors);
    this.version = version;
    this.index = new RunbookIndex(byId);
  }

  public Optional<Runbook> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Every runbook in use, ordered by id. */
  public List<Runbook> all() {
    return new ArrayList<>(byId.values());
  }

  /**
   * Why documents were refused; a refused update whose last good version is still in use is here
   * too.
   */
  public List<RunbookError> errors() {
    return errors;
  }

  /** Increases with every reload that changed anything. */
  public long version() {
    return version;
  }

  RunbookIndex index() {
    return index;
  }
}
