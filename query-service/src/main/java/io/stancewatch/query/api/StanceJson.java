package io.stancewatch.query.api;

import io.micronaut.core.annotation.Introspected;
import io.stancewatch.domain.CurrentStance;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.events.Stance;
import java.time.Instant;

/** The contract's {@code Stance}: an (actor, topic) pair's current stance and the statement deciding it. */
@Introspected
public record StanceJson(String actor, String topic, Stance stance, double position, Instant since,
    String statementId, Instant occurredAt, String quote, String sourceUrl, String via, int statements) {

  static StanceJson of(String actor, String topic, CurrentStance current) {
    HistoryItem s = current.statement();
    return new StanceJson(actor, topic, s.stance(), s.position(), current.since(), s.statementId(), s.occurredAt(),
        s.quote(), s.sourceUrl(), s.via(), current.statements());
  }
}
