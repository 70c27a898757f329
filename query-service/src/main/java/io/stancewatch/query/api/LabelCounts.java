package io.stancewatch.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Introspected;
import io.stancewatch.events.Stance;
import java.util.Collection;

/** How many current stances carry each label; the keys are the labels themselves. */
@Introspected
public record LabelCounts(
    @JsonProperty("SUPPORT") long support,
    @JsonProperty("OPPOSE") long oppose,
    @JsonProperty("NEUTRAL") long neutral) {

  static LabelCounts of(Collection<StanceJson> stances) {
    return new LabelCounts(count(stances, Stance.SUPPORT), count(stances, Stance.OPPOSE), count(stances, Stance.NEUTRAL));
  }

  private static long count(Collection<StanceJson> stances, Stance label) {
    return stances.stream().filter(s -> s.stance() == label).count();
  }
}
