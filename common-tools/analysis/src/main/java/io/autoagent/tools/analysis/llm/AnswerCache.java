package io.autoagent.tools.analysis.llm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers by evidence-bundle hash, each kept for the TTL; at most {@code maxEntries}, the least
 * recently used dropped first. Thread-safe.
 */
final class AnswerCache {

  private final Clock clock;
  private final Duration ttl;
  private final Map<String, Cached> entries;

  private record Cached(LlmAnalysis analysis, Instant expires) {}

  AnswerCache(Clock clock, Duration ttl, int maxEntries) {
    this.clock = clock;
    this.ttl = ttl;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
            return size() > maxEntries;
          }
        };
  }

  synchronized LlmAnalysis get(String key) {
    Cached e = entries.get(key);
    if (e == null) {
      return null;
    }
    if (!clock.instant().isBefore(e.expires())) {
      entries.remove(key);
      return null;
    }
    return e.analysis();
  }

  synchronized void put(String key, LlmAnalysis analysis) {
    if (!ttl.isZero()) {
      entries.put(key, new Cached(analysis, clock.instant().plus(ttl)));
    }
  }
}
