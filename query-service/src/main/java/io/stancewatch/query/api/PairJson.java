package io.stancewatch.query.api;

import io.micronaut.core.annotation.Introspected;
import io.stancewatch.domain.CurrentStance;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.PairState;
import io.stancewatch.events.Stance;
import java.time.Instant;
import java.util.List;

/** A {@link StanceJson} plus the pair's history, oldest first, retracted statements included. */
@Introspected
public record PairJson(String actor, String topic, Stance stance, double position, Instant since,
    String statementId, Instant occurredAt, String quote, String sourceUrl, String via, int statements,
    List<HistoryJson> history) {

  /** One statement of the pair's history. */
  @Introspected
  public record HistoryJson(String statementId, Stance stance, double strength, Instant occurredAt, String quote,
      String sourceUrl, String via, boolean retracted) {

    static HistoryJson of(HistoryItem h) {
      return new HistoryJson(h.statementId(), h.stance(), h.strength(), h.occurredAt(), h.quote(), h.sourceUrl(),
          h.via(), h.retracted());
    }
  }

  static PairJson of(String actor, PairState pair, CurrentStance current) {
    HistoryItem s = current.statement();
    return new PairJson(actor, pair.topic(), s.stance(), s.position(), current.since(), s.statementId(),
        s.occurredAt(), s.quote(), s.sourceUrl(), s.via(), current.statements(),
        pair.history().stream().map(HistoryJson::of).toList());
  }
}
