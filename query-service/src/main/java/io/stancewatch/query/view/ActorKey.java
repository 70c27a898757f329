package io.stancewatch.query.view;

import java.util.Comparator;
import java.util.Locale;

/**
 * An actor's place in an {@link ActorOrder}: its group (actors with none after every group),
 * the group's own actor first, then its name compared ignoring case, then its slug, which
 * makes every key unique.
 *
 * @param group the kind or bloc the order groups by; null for none, and for every actor in an
 *     order that does not group
 * @param leads whether the actor is its group's own (a bloc) and so comes first in it
 * @param name the display name, or the slug when there is none, in lower case
 * @param actor the slug
 */
public record ActorKey(String group, boolean leads, String name, String actor) implements Comparable<ActorKey> {

  private static final Comparator<ActorKey> ORDER = Comparator
      .comparing(ActorKey::group, Comparator.nullsLast(Comparator.naturalOrder()))
      .thenComparing(ActorKey::leads, Comparator.reverseOrder())
      .thenComparing(ActorKey::name)
      .thenComparing(ActorKey::actor);

  /** The place of an actor in slug order: every part but the slug is the same for all. */
  public static ActorKey bySlug(String actor) {
    return new ActorKey(null, false, actor, actor);
  }

  /**
   * What the order compares of a display name: its lower case, the same in any locale, compared
   * by UTF-16 code unit rather than by a language's collation, so the order does not depend on
   * where the service runs.
   */
  static String foldCase(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public int compareTo(ActorKey other) {
    return ORDER.compare(this, other);
  }
}
