package io.stancewatch.query.view;

import io.stancewatch.domain.ActorState;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * The latest state of every actor, from the compacted {@code stancewatch.actor-stances}
 * topic. States are immutable and replaced whole, so readers never see half an update.
 */
@Singleton
public class ActorStanceView {

  /**
   * One actor's state as last applied, and answers derived from it (encoded once, on first
   * request). Both are replaced together when the actor's next snapshot is applied, so an
   * answer can never outlive the state it was made from.
   */
  public static final class Actor {
    private final SnapshotDecoder.Decoded snapshot;
    private final ConcurrentHashMap<String, byte[]> encodedPairs = new ConcurrentHashMap<>();

    private Actor(SnapshotDecoder.Decoded snapshot) {
      this.snapshot = snapshot;
    }

    public ActorState state() {
      return snapshot.state();
    }

    /** The snapshot the state was decoded from: the next one of the actor reuses its unchanged pairs. */
    SnapshotDecoder.Decoded snapshot() {
      return snapshot;
    }

    /**
     * The encoded answer for one of its topics: {@code encode}'s result, computed on the first
     * call for this state and kept. A null result (nothing to answer) is not kept.
     */
    public byte[] encodedPair(String topic, Function<String, byte[]> encode) {
      // get first: it takes no lock, where computeIfAbsent may lock the bin even when the answer is there.
      byte[] encoded = encodedPairs.get(topic);
      return encoded != null ? encoded : encodedPairs.computeIfAbsent(topic, encode);
    }
  }

  // Sorted for the lists; the hash map answers single-actor lookups, the hot path, in O(1).
  // The reader thread is the only writer, and updates the lookup map last.
  private final ConcurrentSkipListMap<String, ActorState> sorted = new ConcurrentSkipListMap<>();
  private final ConcurrentHashMap<String, Actor> bySlug = new ConcurrentHashMap<>();

  /** Applies one decoded snapshot record; null (a tombstone) forgets the actor. */
  void apply(String actor, SnapshotDecoder.Decoded snapshot) {
    if (snapshot == null) {
      sorted.remove(actor);
      bySlug.remove(actor);
    } else {
      sorted.put(actor, snapshot.state());
      bySlug.put(actor, new Actor(snapshot));
    }
  }

  /** The actor, with the answers derived from its current state. */
  public Optional<Actor> actor(String actor) {
    return Optional.ofNullable(bySlug.get(actor));
  }

  /** Every actor, sorted by slug. */
  public Collection<ActorState> actors() {
    return sorted.values();
  }

  /** The actors after this slug (all when null), sorted by slug. */
  public Collection<ActorState> actorsAfter(String actor) {
    return actor == null ? sorted.values() : sorted.tailMap(actor, false).values();
  }
}
