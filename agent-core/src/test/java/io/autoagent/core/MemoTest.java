package io.autoagent.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoTest {

  @Test
  void computesOnceAndThenAnswersFromMemory() {
    // given a memo and a function that counts its calls
    Memo<String, String> memo = Memo.ofEntries(100);
    AtomicInteger calls = new AtomicInteger();

    // when the same key is asked three times
    String first = memo.get("a", k -> k.toUpperCase() + calls.incrementAndGet());
    String second = memo.get("a", k -> k.toUpperCase() + calls.incrementAndGet());
    String third = memo.get("a", k -> k.toUpperCase() + calls.incrementAndGet());

    // then the function ran once and every answer is its first result
    assertThat(calls).hasValue(1);
    assertThat(second).isSameAs(first).isEqualTo("A1");
    assertThat(third).isSameAs(first);
  }

  @Test
  void forgetsEverythingWhenTheBoundWouldBePassed() {
    // given a memo of at most 64 entries, full
    Memo<Integer, Integer> memo = Memo.ofEntries(64);
    for (int i = 0; i < 64; i++) {
      memo.get(i, k -> k * 2);
    }
    assertThat(memo.size()).isEqualTo(64);

    // when a 65th key is remembered
    memo.get(64, k -> k * 2);

    // then only the newest entry is left, and an old key is computed again
    assertThat(memo.size()).isEqualTo(1);
    AtomicInteger calls = new AtomicInteger();
    assertThat(
            memo.get(
                0,
                k -> {
                  calls.incrementAndGet();
                  return 0;
                }))
        .isZero();
    assertThat(calls).hasValue(1);
  }

  @Test
  void weighsByCharactersAndNeverKeepsAnEntryTooHeavyForIt() {
    // given a memo of 6,400 characters: an entry may weigh 100 at most
    Memo<String, String> memo = Memo.ofWeight(6400, String::length, String::length);
    AtomicInteger calls = new AtomicInteger();

    // when a 30-character key with a 30-character answer and a 60-character key with a 60-character
    // answer are asked twice
    for (int i = 0; i < 2; i++) {
      memo.get(
          "x".repeat(30),
          k -> {
            calls.incrementAndGet();
            return k;
          });
      memo.get(
          "y".repeat(60),
          k -> {
            calls.incrementAndGet();
            return k;
          });
    }

    // then the light one was remembered and the heavy one (120 > 100) computed both times
    assertThat(calls).hasValue(3);
    assertThat(memo.size()).isEqualTo(1);
  }

  @Test
  void reportsTheWeightItHoldsWithinItsBound() {
    // given a memo of 6,400 characters: an entry may weigh 6,400 / MAX_ENTRY_SHARE = 100
    Memo<String, String> memo = Memo.ofWeight(6400, String::length, v -> 0);
    assertThat(6400 / Memo.MAX_ENTRY_SHARE).isEqualTo(100);

    // when two keys of 100 characters are remembered, then many more
    memo.get("a".repeat(100), k -> k);
    memo.get("b".repeat(100), k -> k);
    assertThat(memo.weight()).isEqualTo(200);
    for (int i = 0; i < 1000; i++) {
      memo.get(String.format("%0100d", i), k -> k);

      // then the weight never passes the bound
      assertThat(memo.weight()).isBetween(100L, 6400L);
    }
  }

  @Test
  void doesNotRememberNull() {
    Memo<String, String> memo = Memo.ofEntries(10);
    AtomicInteger calls = new AtomicInteger();

    memo.get(
        "k",
        k -> {
          calls.incrementAndGet();
          return null;
        });
    memo.get(
        "k",
        k -> {
          calls.incrementAndGet();
          return null;
        });

    assertThat(calls).hasValue(2);
    assertThat(memo.size()).isZero();
  }

  @Test
  void refusesABoundBelowOne() {
    assertThatThrownBy(() -> Memo.ofEntries(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not 0");
  }
}
