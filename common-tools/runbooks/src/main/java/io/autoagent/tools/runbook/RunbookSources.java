package io.autoagent.tools.runbook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The documents behind a library: one entry per file and per KV key, each with its last good
 * runbook and its current errors. A refused update keeps the last good runbook. KV runbooks
 * override files with the same id. Confined to the library's worker thread.
 */
final class RunbookSources {

  private static final Logger log = LoggerFactory.getLogger(RunbookSources.class);

  /** One document: its current text, the last runbook it yielded, and why its text was refused. */
  private record Doc(String content, long revision, Runbook good, List<RunbookError> errors) {}

  private final RunbookValidator validator;
  private final RunbookRejectionListener listener;
  private final String bucket;
  private final Map<String, Doc> builtIn = new TreeMap<>();
  private final Map<Path, Doc> files = new TreeMap<>();
  private final Map<String, Doc> kv = new TreeMap<>();

  RunbookSources(RunbookValidator validator, RunbookRejectionListener listener, String bucket) {
    this.validator = validator;
    this.listener = listener;
    this.bucket = bucket;
  }

  /**
   * Loads the runbooks built into the jar ({@link BuiltInRunbooks}), once; true when any was found.
   * Files and KV entries with the same id override them.
   */
  boolean loadBuiltIn(Map<String, String> documents) {
    for (var e : documents.entrySet()) {
      String stem = e.getKey().replaceFirst("\\.ya?ml$", "");
      builtIn.put(
          e.getKey(),
          load(BuiltInRunbooks.SOURCE_PREFIX + e.getKey(), stem, e.getValue(), 0, null));
    }
    return !documents.isEmpty();
  }

  /**
   * Reads every {@code *.yaml} and {@code *.yml} file of the directory; true when anything changed.
   */
  boolean scan(Path dir) {
    Map<Path, String> seen = new LinkedHashMap<>();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> list = Files.list(dir)) {
        for (Path p : list.sorted().toList()) {
          String name = p.getFileName().toString();
          if (!name.startsWith(".")
              && (name.endsWith(".yaml") || name.endsWith(".yml"))
              && Files.isRegularFile(p)) {
            seen.put(p, read(p));
          }
        }
      } catch (IOException e) {
        log.warn(
            "Cannot list runbook directory {}: {}; keeping the runbooks loaded before",
            dir,
            e.toString());
        return false;
      }
    }
    boolean changed = files.keySet().retainAll(seen.keySet());
    for (var e : seen.entrySet()) {
      Doc old = files.get(e.getKey());
      if (e.getValue() == null
          || e.getValue().isBlank()
          || (old != null && old.content().equals(e.getValue()))) {
        continue; // unreadable or empty right now (mid-write), or unchanged
      }
      String stem = e.getKey().getFileName().toString().replaceFirst("\\.ya?ml$", "");
      files.put(e.getKey(), load(e.getKey().toString(), stem, e.getValue(), 0, old));
      changed = true;
    }
    return changed;
  }

  /** Applies a KV put; ignores a revision already applied (watches may deliver twice). */
  boolean put(String key, long revision, String content) {
    Doc old = kv.get(key);
    if (old != null && old.revision() >= revision) {
      return false;
    }
    kv.put(key, load("kv:" + bucket + "/" + key + "@" + revision, key, content, revision, old));
    return true;
  }

  /** Applies a KV delete or purge: a file with the same id, if any, is used again. */
  boolean delete(String key, long revision) {
    Doc old = kv.get(key);
    if (old != null && old.revision() >= revision) {
      return false;
    }
    return kv.remove(key) != null;
  }

  private Doc load(String source, String expectedId, String content, long revision, Doc old) {
    RunbookValidation v = validator.validate(source, content);
    List<RunbookError> errors = new ArrayList<>(v.errors());
    if (v.valid() && !v.runbook().id().equals(expectedId)) {
      errors.add(
          new RunbookError(
              source,
              "id",
              "id '"
                  + v.runbook().id()
                  + "' must equal the "
                  + (revision > 0 ? "KV key" : "file name")
                  + " '"
                  + expectedId
                  + "'"));
    }
    if (errors.isEmpty()) {
      log.debug("Loaded runbook {} from {}", expectedId, source);
      return new Doc(content, revision, v.runbook(), List.of());
    }
    Runbook kept = old == null ? null : old.good();
    RunbookRejection rejection = new RunbookRejection(source, expectedId, errors, kept != null);
    log.warn(
        "Refused runbook {}{}: {}",
        expectedId,
        kept != null ? " (keeping the last good version from " + kept.source() + ")" : "",
        rejection.summary());
    try {
      listener.rejected(rejection);
    } catch (RuntimeException e) {
      log.warn("Runbook rejection listener failed", e);
    }
    return new Doc(content, revision, kept, errors);
  }

  /**
   * The runbooks in use: the built-in ones, overridden by files with the same id (first file wins
   * on a clash between files), overridden by KV.
   */
  RunbookSnapshot snapshot(long version) {
    Map<String, Runbook> byId = new HashMap<>();
    List<RunbookError> errors = new ArrayList<>();
    for (Doc d : builtIn.values()) {
      errors.addAll(d.errors());
      if (d.good() != null) {
        byId.put(d.good().id(), d.good());
      }
    }
    Map<String, Runbook> fromFiles = new HashMap<>();
    for (Doc d : files.values()) {
      errors.addAll(d.errors());
      if (d.good() != null) {
        Runbook prev = fromFiles.putIfAbsent(d.good().id(), d.good());
        if (prev == null) {
          byId.put(d.good().id(), d.good());
        } else {
          errors.add(
              new RunbookError(
                  d.good().source(),
                  "id",
                  "id '" + d.good().id() + "' is already defined in " + prev.source()));
        }
      }
    }
    for (Doc d : kv.values()) {
      errors.addAll(d.errors());
      if (d.good() != null) {
        byId.put(d.good().id(), d.good());
      }
    }
    return new RunbookSnapshot(byId.values(), errors, version);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      log.warn("Cannot read runbook file {}: {}", p, e.toString());
      return null;
    }
  }
}
