package io.stancewatch.domain;

import java.time.Instant;
import java.util.stream.Stream;

/**
 * A pair's stance as of an instant (contract section 4): the same rules applied to the
 * statements said at or before it, with the retractions known now. One seek finds the
 * deciding statement; {@code since} walks back over its run and {@code statements} counts the
 * statements up to the instant, so an answer about the past costs what lies before it.
 */
public final class AsOf {

  private AsOf() {}

  /** The pair as of {@code t}; its current is null when nothing said by then counts. */
  public static PairSummary stance(PairSummary now, PairHistory history, Instant t) {
    if (!now.hasCurrent() || !now.current().occurredAt().isAfter(t)) {
      return now; // every statement is retracted, or every counted one was said by then
    }
    if (now.statements() == 1) {
      // The only statement that counts was said after t: nothing counted by then, and no history to read,
      // which is most pairs when t is earlier than most of the log.
      return new PairSummary(now.actor(), now.topic(), null, null, 0, now.sequence());
    }
    HistoryKey end = HistoryKey.after(t);
    HistoryItem current = history.previous(end).orElse(null);
    if (current == null) {
      return new PairSummary(now.actor(), now.topic(), null, null, 0, now.sequence());
    }
    int counted;
    try (Stream<HistoryItem> before = history.newestFirst(end)) {
      counted = (int) before.filter(h -> !h.retracted()).count();
    }
    return new PairSummary(now.actor(), now.topic(), current, history.runStart(current), counted, now.sequence());
  }
}
