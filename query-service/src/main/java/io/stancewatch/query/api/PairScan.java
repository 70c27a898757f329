package io.stancewatch.query.api;

import io.stancewatch.domain.PairSummary;
import io.stancewatch.query.view.ActorKey;
import io.stancewatch.query.view.ActorOrder;
import io.stancewatch.query.view.ActorStanceView;
import io.stancewatch.query.view.ActorStanceView.Actor;
import io.stancewatch.query.view.ActorStanceView.Placed;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The pairs a whole-picture read lists ({@code /stances}, {@code /topics/{topic}/stances}), in
 * an actor order then by topic, from a page's start. The stream is lazy and the view already
 * sorted in every order, so a page reads the actors up to its last item and no further,
 * whatever the view's size.
 */
final class PairScan {

  /** A pair, with its actor's place in the order it was listed in: what a cursor after it holds. */
  record Listed(ActorKey actor, PairSummary pair) {}

  private PairScan() {}

  /**
   * The pairs after the key ({@code after}, {@code afterTopic}) in {@code order}: all of them
   * when {@code after} is null, the later actors' when {@code afterTopic} is. Of those, the pairs
   * of the actors whose slug or name contains {@code actorText}, ignoring case, on {@code topic};
   * a null filter keeps every pair.
   */
  static Stream<Listed> pairs(ActorStanceView view, ActorOrder order, ActorKey after, String afterTopic,
      String actorText, String topic) {
    Stream<Placed> actors = view.actorsAfter(order, after);
    if (after != null && afterTopic != null) {
      // The rest of the actor the previous page ended in, unless it has moved since: then it is
      // listed at its new place, or was passed.
      Stream<Placed> rest = view.actor(after.actor()).filter(a -> a.key(order).equals(after))
          .map(a -> new Placed(after, a)).stream();
      actors = Stream.concat(rest, actors);
    }
    Predicate<Actor> matches = matching(actorText);
    return actors
        .filter(p -> matches.test(p.actor()))
        .flatMap(p -> {
          NavigableMap<String, PairSummary> pairs = p.key().equals(after) ? p.actor().pairs().tailMap(afterTopic, false)
              : p.actor().pairs();
          if (topic == null) {
            return pairs.values().stream().map(pair -> new Listed(p.key(), pair));
          }
          PairSummary pair = pairs.get(topic);
          return pair == null ? Stream.empty() : Stream.of(new Listed(p.key(), pair));
        });
  }

  /** The actors whose slug or name contains {@code actorText}, ignoring case; every actor when it is null. */
  static Predicate<Actor> matching(String actorText) {
    if (actorText == null) {
      return a -> true;
    }
    String text = actorText.toLowerCase(Locale.ROOT);
    // Slugs are lower case, and the name order keeps each name in lower case (the slug when
    // there is none): a filter scanning every actor lowers none of them.
    return a -> a.actor().contains(text) || a.key(ActorOrder.NAME).name().contains(text);
  }
}
