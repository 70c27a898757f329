package io.stancewatch.domain;

import io.stancewatch.events.Stance;
import java.time.Instant;

/**
 * One statement as folded into an (actor, topic) pair. In the speaker's history
 * {@code onBehalfOf} names the actor spoken for; in that actor's history {@code via} names the
 * speaker. {@code retracted} marks a withdrawn statement, which stays in the history but no
 * longer counts.
 */
public record HistoryItem(
    String statementId,
    Stance stance,
    double strength,
    Instant occurredAt,
    String quote,
    String sourceUrl,
    String via,
    String onBehalfOf,
    boolean retracted) {

  /** Where it sits in its pair's history. */
  public HistoryKey key() {
    return new HistoryKey(occurredAt, statementId);
  }

  /** +strength for SUPPORT, -strength for OPPOSE, 0 for NEUTRAL. */
  public double position() {
    return Positions.of(stance, strength);
  }

  public HistoryItem asRetracted() {
    return new HistoryItem(statementId, stance, strength, occurredAt, quote, sourceUrl, via, onBehalfOf, true);
  }

  /** This statement as the actor spoken for records it: made via {@code speaker}. */
  public HistoryItem relayedFrom(String speaker) {
    return new HistoryItem(statementId, stance, strength, occurredAt, quote, sourceUrl, speaker, null, retracted);
  }
}
