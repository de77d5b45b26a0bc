package io.autoagent.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Results of a pure function, remembered by input and bounded by a total weight (entries, or
 * characters). An alert storm asks the same questions again and again (the same log lines to
 * redact, the same incident text to tokenize, the same runbook search), and a lookup costs a hash
 * where the work costs far more. When the next entry would pass the bound, everything is forgotten
 * at once: no per-entry bookkeeping on the hot path, and a storm refills it within a few alerts. An
 * entry heavier than {@code 1/}{@link #MAX_ENTRY_SHARE} of the bound is computed every time and
 * never kept: a caller that must remember entries up to a weight {@code w} sizes the bound at least
 * {@code MAX_ENTRY_SHARE * w}.
 *
 * <p>Only for pure functions: a remembered value is returned as it is, so it must be immutable.
 * Thread-safe; two threads missing the same key at once both compute it.
 */
public final class Memo<K, V> {

  /** The heaviest entry kept weighs at most the bound divided by this. */
  public static final int MAX_ENTRY_SHARE = 64;

  private final Map<K, V> values = new ConcurrentHashMap<>();
  private final AtomicLong weight = new AtomicLong();
  private final long maxWeight;
  private final ToLongFunction<? super K> keyWeight;
  private final ToLongFunction<? super V> valueWeight;

  private Memo(
      long maxWeight, ToLongFunction<? super K> keyWeight, ToLongFunction<? super V> valueWeight) {
    if (maxWeight < 1) {
      throw new IllegalArgumentException("a memo's bound must be at least 1, not " + maxWeight);
    }
    this.maxWeight = maxWeight;
    this.keyWeight = keyWeight;
    this.valueWeight = valueWeight;
  }

  /** At most {@code maxEntries} entries. */
  public static <K, V> Memo<K, V> ofEntries(int maxEntries) {
    return new Memo<>(maxEntries, k -> 1, v -> 0);
  }

  /** At most {@code maxWeight} in total, each entry weighing its key's and its value's weight. */
  public static <K, V> Memo<K, V> ofWeight(
      long maxWeight, ToLongFunction<? super K> keyWeight, ToLongFunction<? super V> valueWeight) {
    return new Memo<>(maxWeight, keyWeight, valueWeight);
  }

  /** The remembered value of {@code key}, else {@code compute}'s (remembered when it fits). */
  public V get(K key, Function<? super K, ? extends V> compute) {
    V known = values.get(key);
    if (known != null) {
      return known;
    }
    V value = compute.apply(key);
    if (value == null) {
      return null;
    }
    remember(key, value);
    return value;
  }

  /** The remembered value of {@code key}, or null. */
  public V known(K key) {
    return values.get(key);
  }

  /** Remembers {@code value} as {@code key}'s (when it fits), replacing what was remembered. */
  public void remember(K key, V value) {
    long w = keyWeight.applyAsLong(key) + valueWeight.applyAsLong(value);
    if (w <= Math.max(1, maxWeight / MAX_ENTRY_SHARE)) {
      if (weight.addAndGet(w) > maxWeight) {
        values.clear();
        weight.set(w);
      }
      values.put(key, value);
    }
  }

  /** Entries remembered now. */
  public int size() {
    return values.size();
  }

  /**
   * The weight remembered now: at most the bound, give or take one entry per thread remembering at
   * the same moment.
   */
  public long weight() {
    return weight.get();
  }
}
