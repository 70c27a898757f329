package io.stancewatch.query.api;

import io.stancewatch.domain.PairSummary;
import io.stancewatch.query.view.ActorStanceView;
import io.stancewatch.query.view.ActorStanceView.Actor;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The pairs a whole-picture read lists ({@code /stances}, {@code /topics/{topic}/stances}), in
 * (actor, topic) order from a page's start. The stream is lazy and the view already sorted, so
 * a page reads the actors up to its last item and no further, whatever the view's size.
 */
final class PairScan {

  private PairScan() {}

  /**
   * The pairs after the key ({@code afterActor}, {@code afterTopic}): all of them when
   * {@code afterActor} is null, the later actors' when {@code afterTopic} is. Of those, the pairs
   * of the actors whose slug or name contains {@code actorText}, ignoring case, on {@code topic};
   * a null filter keeps every pair.
   */
  static Stream<PairSummary> pairs(ActorStanceView view, String afterActor, String afterTopic,
      String actorText, String topic) {
    Stream<Actor> actors = afterActor == null || afterTopic == null ? view.actorsAfter(afterActor).stream()
        : Stream.concat(view.actor(afterActor).stream(), view.actorsAfter(afterActor).stream());
    return actors
        .filter(matching(actorText))
        .flatMap(a -> {
          NavigableMap<String, PairSummary> pairs =
              a.actor().equals(afterActor) ? a.pairs().tailMap(afterTopic, false) : a.pairs();
          if (topic == null) {
            return pairs.values().stream();
          }
          PairSummary pair = pairs.get(topic);
          return pair == null ? Stream.empty() : Stream.of(pair);
        });
  }

  /** The actors whose slug or name contains {@code actorText}, ignoring case; every actor when it is null. */
  static Predicate<Actor> matching(String actorText) {
    if (actorText == null) {
      return a -> true;
    }
    String text = actorText.toLowerCase(Locale.ROOT);
    return a -> contains(a.actor(), text) || contains(a.name(), text);
  }

  private static boolean contains(String value, String lowerCaseText) {
    return value != null && value.toLowerCase(Locale.ROOT).contains(lowerCaseText);
  }
}
