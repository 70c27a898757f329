package io.stancewatch.query.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.events.Stance;
import java.time.Instant;
import java.util.List;

/**
 * A {@link StanceJson} plus one page of the pair's history, newest first, retracted statements
 * included; {@code next} is the cursor of the older page, null on the last one.
 */
@Introspected
public record PairJson(String actor, String topic, Stance stance, double position, Instant since,
    String statementId, Instant occurredAt, @Nullable String quote, @Nullable String sourceUrl, @Nullable String via,
    int statements, List<HistoryJson> history, @Nullable String next) {

  /** One statement of the pair's history. */
  @Introspected
  public record HistoryJson(String statementId, Stance stance, double strength, Instant occurredAt,
      @Nullable String quote, @Nullable String sourceUrl, @Nullable String via, boolean retracted) {

    static HistoryJson of(HistoryItem h) {
      return new HistoryJson(h.statementId(), h.stance(), h.strength(), h.occurredAt(), h.quote(), h.sourceUrl(),
          h.via(), h.retracted());
    }
  }

  /** The pair's stance (it must have one) with a page of its history. */
  static PairJson of(PairSummary pair, List<HistoryItem> history, String next) {
    StanceJson s = StanceJson.of(pair);
    return new PairJson(s.actor(), s.topic(), s.stance(), s.position(), s.since(), s.statementId(), s.occurredAt(),
        s.quote(), s.sourceUrl(), s.via(), s.statements(), history.stream().map(HistoryJson::of).toList(), next);
  }
}
