package io.stancewatch.query.view;

import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.HistoryKey;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.domain.StoredActor.Identity;
import io.stancewatch.events.ActorKind;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every actor's current stances, from the compacted {@code stancewatch.stances} (one record
 * per pair) and {@code stancewatch.actors} (name and kind) topics, in memory: a pair costs its
 * summary, whose size does not depend on its history. Histories live in {@link HistoryStore}.
 *
 * <p>The reader thread is the only writer. Pairs are replaced whole, so a reader never sees
 * half a pair; it may see one pair of an actor updated and not yet another, as the topics do.
 */
@Singleton
public class ActorStanceView {

  /** One actor: its name and kind when known, and its pairs by topic, sorted. */
  public static final class Actor {
    private final String actor;
    private volatile Identity identity = Identity.NONE;
    private final ConcurrentSkipListMap<String, PairSummary> pairs = new ConcurrentSkipListMap<>();

    private Actor(String actor) {
      this.actor = actor;
    }

    public String actor() {
      return actor;
    }

    public String name() {
      return identity.name();
    }

    public ActorKind kind() {
      return identity.kind();
    }

    /** Every pair by topic, those whose statements are all retracted included. */
    public NavigableMap<String, PairSummary> pairs() {
      return Collections.unmodifiableNavigableMap(pairs);
    }

    /** The latest occurredAt of the actor's current statements; null when it has none. */
    public Instant lastStatementAt() {
      return pairs.values().stream().filter(PairSummary::hasCurrent).map(p -> p.current().occurredAt())
          .max(Instant::compareTo).orElse(null);
    }

    private boolean isEmpty() {
      return pairs.isEmpty() && identity.equals(Identity.NONE);
    }
  }

  private final ConcurrentSkipListMap<String, Actor> actors = new ConcurrentSkipListMap<>();
  // The hot path, one actor's lookup, in O(1); updated with the sorted map.
  private final ConcurrentHashMap<String, Actor> bySlug = new ConcurrentHashMap<>();

  /** Applies one record of {@code stancewatch.stances}; null (a tombstone) forgets the pair. */
  void applyPair(String actor, String topic, PairSummary summary) {
    if (summary == null) {
      Actor known = bySlug.get(actor);
      if (known != null) {
        known.pairs.remove(topic);
        forgetIfEmpty(known);
      }
      return;
    }
    Actor known = bySlug.get(actor);
    Actor updated = known != null ? known : new Actor(actor);
    updated.pairs.put(topic, compact(updated.actor, topic, summary));
    if (known == null) {
      register(updated);
    }
  }

  /** Applies one record of {@code stancewatch.actors}; null (a tombstone) forgets the name and kind. */
  void applyIdentity(String actor, Identity identity) {
    if (identity == null) {
      Actor known = bySlug.get(actor);
      if (known != null) {
        known.identity = Identity.NONE;
        forgetIfEmpty(known);
      }
      return;
    }
    Actor known = bySlug.get(actor);
    Actor updated = known != null ? known : new Actor(actor);
    updated.identity = identity;
    if (known == null) {
      register(updated);
    }
  }

  public Optional<Actor> actor(String actor) {
    return Optional.ofNullable(bySlug.get(actor));
  }

  /** Every actor, sorted by slug. */
  public Collection<Actor> actors() {
    return actors.values();
  }

  /** The actors after this slug (all when null), sorted by slug. */
  public Collection<Actor> actorsAfter(String actor) {
    return actor == null ? actors.values() : actors.tailMap(actor, false).values();
  }

  /** Makes a new actor visible once it holds what was applied. */
  private void register(Actor actor) {
    actors.put(actor.actor, actor);
    bySlug.put(actor.actor, actor);
  }

  private void forgetIfEmpty(Actor known) {
    if (known.isEmpty()) {
      actors.remove(known.actor);
      bySlug.remove(known.actor);
    }
  }

  /**
   * The summary sharing the strings the view already holds (the actor's slug, the topic key,
   * the deciding statement's id as the run's start): per pair, a few hundred bytes fewer.
   */
  private static PairSummary compact(String actor, String topic, PairSummary s) {
    HistoryItem c = s.current();
    if (c == null) {
      return new PairSummary(actor, topic, null, null, s.statements(), s.sequence());
    }
    HistoryKey runStart = s.runStart();
    if (runStart.statementId().equals(c.statementId())) {
      runStart = new HistoryKey(c.occurredAt(), c.statementId());
    }
    return new PairSummary(actor, topic, c, runStart, s.statements(), s.sequence());
  }
}
