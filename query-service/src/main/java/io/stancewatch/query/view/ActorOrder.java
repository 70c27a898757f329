package io.stancewatch.query.view;

import io.stancewatch.domain.StoredActor.Identity;

/**
 * The orders actors are listed in, each by an {@link ActorKey}. An actor's name is its
 * display name, or its slug when it has none.
 */
public enum ActorOrder {
  /** By slug. */
  ACTOR,
  /** By name ignoring case, then slug. */
  NAME,
  /** By kind, its symbol's alphabetical order (GOVERNMENT, ORGANIZATION, OTHER, PERSON), actors with none last; then as {@link #NAME}. */
  KIND,
  /**
   * Grouped by bloc in bloc slug order, the bloc itself first in its group and the rest as
   * {@link #NAME}; actors with no bloc after every group, as {@link #NAME}.
   */
  BLOC;

  /** The actor's place in this order. */
  ActorKey key(String actor, Identity identity, String bloc) {
    return switch (this) {
      case ACTOR -> ActorKey.bySlug(actor);
      case NAME -> new ActorKey(null, false, name(actor, identity), actor);
      case KIND -> new ActorKey(identity.kind() == null ? null : identity.kind().name(), false, name(actor, identity), actor);
      case BLOC -> new ActorKey(bloc, actor.equals(bloc), name(actor, identity), actor);
    };
  }

  private static String name(String actor, Identity identity) {
    return ActorKey.foldCase(identity.name() != null ? identity.name() : actor);
  }
}
