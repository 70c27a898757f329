package io.stancewatch.domain;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * One pair's statements in the order of {@link HistoryKey}, retracted ones included, read a
 * neighbour at a time: a store answers each question here with one seek, whatever the size of
 * the history. Streams hold store iterators: close them (try-with-resources).
 */
public interface PairHistory {

  Optional<HistoryItem> get(HistoryKey key);

  /** The statements strictly before {@code key}, newest first. */
  Stream<HistoryItem> newestFirst(HistoryKey key);

  /** The statements strictly after {@code key}, oldest first. */
  Stream<HistoryItem> oldestFirst(HistoryKey key);

  /** The newest unretracted statement strictly before {@code key}. */
  default Optional<HistoryItem> previous(HistoryKey key) {
    try (Stream<HistoryItem> before = newestFirst(key)) {
      return before.filter(h -> !h.retracted()).findFirst();
    }
  }

  /** The oldest unretracted statement strictly after {@code key}. */
  default Optional<HistoryItem> next(HistoryKey key) {
    try (Stream<HistoryItem> after = oldestFirst(key)) {
      return after.filter(h -> !h.retracted()).findFirst();
    }
  }

  /**
   * The first statement of the unbroken run of {@code last}'s label that ends with
   * {@code last}: walks back over the run, so its cost is the run's length. The fold needs it
   * only when a retraction joins two runs or exposes an earlier one.
   */
  default HistoryKey runStart(HistoryItem last) {
    HistoryKey start = last.key();
    try (Stream<HistoryItem> before = newestFirst(last.key())) {
      var it = before.filter(h -> !h.retracted()).iterator();
      while (it.hasNext()) {
        HistoryItem h = it.next();
        if (h.stance() != last.stance()) {
          break;
        }
        start = h.key();
      }
    }
    return start;
  }
}
