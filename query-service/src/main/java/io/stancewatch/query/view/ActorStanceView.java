package io.stancewatch.query.view;

import io.stancewatch.domain.ActorState;
import io.stancewatch.domain.Snapshots;
import io.stancewatch.events.ActorStances;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The latest state of every actor, from the compacted {@code stancewatch.actor-stances}
 * topic. States are immutable and replaced whole, so readers never see half an update.
 */
@Singleton
public class ActorStanceView {

  private final ConcurrentSkipListMap<String, ActorState> actors = new ConcurrentSkipListMap<>();

  /** Applies one snapshot record; a null value (tombstone) forgets the actor. */
  public void apply(String actor, ActorStances snapshot) {
    if (snapshot == null) {
      actors.remove(actor);
    } else {
      actors.put(actor, Snapshots.toDomain(snapshot));
    }
  }

  public Optional<ActorState> actor(String actor) {
    return Optional.ofNullable(actors.get(actor));
  }

  /** Every actor, sorted by slug. */
  public Collection<ActorState> actors() {
    return actors.values();
  }

  /** The actors after this slug (all when null), sorted by slug. */
  public Collection<ActorState> actorsAfter(String actor) {
    return actor == null ? actors.values() : actors.tailMap(actor, false).values();
  }
}
