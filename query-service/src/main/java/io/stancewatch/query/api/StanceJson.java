package io.stancewatch.query.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.events.Stance;
import java.time.Instant;

/** The contract's {@code Stance}: an (actor, topic) pair's current stance and the statement deciding it. */
@Introspected
public record StanceJson(String actor, String topic, Stance stance, double position, Instant since,
    String statementId, Instant occurredAt, @Nullable String quote, @Nullable String sourceUrl, @Nullable String via,
    int statements) {

  /** The pair's stance; it must have one ({@link PairSummary#hasCurrent()}). */
  static StanceJson of(PairSummary pair) {
    HistoryItem s = pair.current();
    return new StanceJson(pair.actor(), pair.topic(), s.stance(), s.position(), pair.since(), s.statementId(),
        s.occurredAt(), s.quote(), s.sourceUrl(), s.via(), pair.statements());
  }
}
