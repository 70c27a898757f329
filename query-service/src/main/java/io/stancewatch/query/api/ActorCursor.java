package io.stancewatch.query.api;

import io.stancewatch.query.view.ActorKey;
import io.stancewatch.query.view.ActorOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The cursor of a list in an {@link ActorOrder} ({@code /actors}, {@code /stances}): the last
 * item's {@link ActorKey} and, for stances, its topic. By slug it is the slug (and topic), as
 * before there were other orders; in another order it starts with the order's {@code sort}
 * value, so a cursor used with another {@code sort} is a 400 rather than a page from an
 * unrelated place.
 */
final class ActorCursor {

  /** The last item of the previous page: its actor's place and, for stances, its topic. */
  record After(ActorKey actor, String topic) {}

  private static final String NONE = "";

  private ActorCursor() {}

  /** The parts of the cursor after this item; {@code topic} null on a list of actors. */
  static String[] key(ActorOrder order, ActorKey actor, String topic) {
    List<String> parts = new ArrayList<>();
    if (order != ActorOrder.ACTOR) {
      // Groups are kinds and slugs, never empty: the empty text stands for none.
      parts.addAll(List.of(Parameters.sortValue(order), actor.group() == null ? NONE : actor.group(),
          actor.leads() ? "1" : "0", actor.name()));
    }
    parts.add(actor.actor());
    if (topic != null) {
      parts.add(topic);
    }
    return parts.toArray(String[]::new);
  }

  /** Where the page after {@code cursor} starts; null when there is none. */
  static After decode(String cursor, ActorOrder order, boolean withTopic) {
    if (cursor == null) {
      return null;
    }
    int parts = (order == ActorOrder.ACTOR ? 1 : 5) + (withTopic ? 1 : 0);
    List<String> key = PageCursor.decode(cursor, parts);
    String topic = withTopic ? key.get(parts - 1) : null;
    if (order == ActorOrder.ACTOR) {
      return new After(ActorKey.bySlug(key.get(0)), topic);
    }
    if (!key.get(0).equals(Parameters.sortValue(order)) || !List.of("0", "1").contains(key.get(2))) {
      throw PageCursor.invalid("must be the 'next' value of a previous page with the same sort");
    }
    return new After(new ActorKey(key.get(1).equals(NONE) ? null : key.get(1), key.get(2).equals("1"), key.get(3),
        key.get(4)), topic);
  }
}
