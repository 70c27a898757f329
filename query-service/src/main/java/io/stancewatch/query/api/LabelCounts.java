package io.stancewatch.query.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Introspected;
import io.stancewatch.events.Stance;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How many current stances carry each label; the keys are the labels themselves. */
@Introspected
public record LabelCounts(
    @JsonProperty("SUPPORT") long support,
    @JsonProperty("OPPOSE") long oppose,
    @JsonProperty("NEUTRAL") long neutral) {

  static LabelCounts of(Stream<Stance> labels) {
    Map<Stance, Long> counts = labels.collect(Collectors.groupingBy(l -> l, () -> new EnumMap<>(Stance.class),
        Collectors.counting()));
    return new LabelCounts(counts.getOrDefault(Stance.SUPPORT, 0L), counts.getOrDefault(Stance.OPPOSE, 0L),
        counts.getOrDefault(Stance.NEUTRAL, 0L));
  }
}
