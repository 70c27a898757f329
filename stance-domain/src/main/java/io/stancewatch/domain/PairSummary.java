package io.stancewatch.domain;

import java.time.Instant;

/**
 * What is kept of one (actor, topic) pair besides its history, and all a reader of its current
 * stance needs: the deciding statement (the latest unretracted one), the statement that began
 * its label's last unbroken run ({@code since}), how many statements count, and the sequence of
 * the pair's last change. Its size does not depend on the number of statements.
 *
 * @param current the latest unretracted statement, or null when there is none (left)
 * @param runStart the key of the first statement of the current label's last unbroken run;
 *     null exactly when {@code current} is
 * @param statements how many of the pair's statements are not retracted
 * @param sequence the sequence number of the pair's last change, 0 before the first
 */
public record PairSummary(String actor, String topic, HistoryItem current, HistoryKey runStart, int statements,
    long sequence) {

  public static PairSummary empty(String actor, String topic) {
    return new PairSummary(actor, topic, null, null, 0, 0);
  }

  /** When the current label became current; null when there is no current stance. */
  public Instant since() {
    return runStart == null ? null : runStart.occurredAt();
  }

  public boolean hasCurrent() {
    return current != null;
  }

  PairSummary with(HistoryItem newCurrent, HistoryKey newRunStart, int newStatements) {
    return new PairSummary(actor, topic, newCurrent, newRunStart, newStatements, sequence);
  }

  PairSummary withSequence(long newSequence) {
    return new PairSummary(actor, topic, current, runStart, statements, newSequence);
  }
}
