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
import java.util.EnumMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * Every actor's current stances, from the compacted {@code stancewatch.stances} (one record
 * per pair) and {@code stancewatch.actors} (name and kind) topics, in memory: a pair costs its
 * summary, whose size does not depend on its history. Histories live in {@link HistoryStore}.
 *
 * <p>The reader thread is the only writer. Pairs are replaced whole, so a reader never sees
 * half a pair; it may see one pair of an actor updated and not yet another, as the topics do.
 *
 * <p>The actors are kept sorted in every {@link ActorOrder}, each in an index the writer updates
 * as a name, kind or bloc changes, so a page in any order reads from its cursor on and costs
 * its own size. An actor that moves is put at its new place before it leaves its old one, and
 * only the entry at its current place is listed: a reader walking past both meanwhile lists it
 * once, or not at all when it moved behind the reader.
 */
@Singleton
public class ActorStanceView {

  /** One actor: its name and kind when known, its bloc, and its pairs by topic, sorted. */
  public static final class Actor {
    private final String actor;
    private final ActorKey bySlug;
    private volatile Identity identity = Identity.NONE;
    private final ConcurrentSkipListMap<String, PairSummary> pairs = new ConcurrentSkipListMap<>();
    private final BlocMembership membership = new BlocMembership();
    private volatile String bloc;
    private volatile ActorKey byName;
    private volatile ActorKey byKind;
    private volatile ActorKey byBloc;

    private Actor(String actor) {
      this.actor = actor;
      this.bySlug = ActorKey.bySlug(actor);
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

    /** The slug of the bloc the actor belongs to (see {@link BlocMembership}); null for none. */
    public String bloc() {
      return bloc;
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

    /** The actor's place in the order now. */
    public ActorKey key(ActorOrder order) {
      return switch (order) {
        case ACTOR -> bySlug;
        case NAME -> byName;
        case KIND -> byKind;
        case BLOC -> byBloc;
      };
    }

    private void placeAt(ActorOrder order, ActorKey key) {
      switch (order) {
        case ACTOR -> throw new IllegalArgumentException("an actor's slug does not change");
        case NAME -> byName = key;
        case KIND -> byKind = key;
        case BLOC -> byBloc = key;
      }
    }

    private boolean isEmpty() {
      return pairs.isEmpty() && identity.equals(Identity.NONE);
    }
  }

  /** An actor at its place in an order. */
  public record Placed(ActorKey key, Actor actor) {}

  private final ConcurrentSkipListMap<String, Actor> actors = new ConcurrentSkipListMap<>();
  // The hot path, one actor's lookup, in O(1); updated with the sorted map.
  private final ConcurrentHashMap<String, Actor> bySlug = new ConcurrentHashMap<>();
  /** The orders other than by slug, each an index of its own; built once, so readers need no lock to find one. */
  private final Map<ActorOrder, ConcurrentSkipListMap<ActorKey, Actor>> indexes = new EnumMap<>(Map.of(
      ActorOrder.NAME, new ConcurrentSkipListMap<>(),
      ActorOrder.KIND, new ConcurrentSkipListMap<>(),
      ActorOrder.BLOC, new ConcurrentSkipListMap<>()));

  /** Applies one record of {@code stancewatch.stances}; null (a tombstone) forgets the pair. */
  void applyPair(String actor, String topic, PairSummary summary) {
    if (summary == null) {
      Actor known = bySlug.get(actor);
      if (known != null) {
        PairSummary before = known.pairs.remove(topic);
        known.membership.update(topic, before, null, known.pairs.values());
        if (!forgetIfEmpty(known)) {
          placeInBloc(known);
        }
      }
      return;
    }
    Actor known = bySlug.get(actor);
    Actor updated = known != null ? known : new Actor(actor);
    PairSummary after = compact(updated.actor, topic, summary);
    PairSummary before = updated.pairs.put(topic, after);
    updated.membership.update(topic, before, after, updated.pairs.values());
    if (known == null) {
      register(updated);
    } else {
      placeInBloc(updated);
    }
  }

  /** Applies one record of {@code stancewatch.actors}; null (a tombstone) forgets the name and kind. */
  void applyIdentity(String actor, Identity identity) {
    if (identity == null) {
      Actor known = bySlug.get(actor);
      if (known != null) {
        known.identity = Identity.NONE;
        if (!forgetIfEmpty(known)) {
          placeInEveryOrder(known);
        }
      }
      return;
    }
    Actor known = bySlug.get(actor);
    Actor updated = known != null ? known : new Actor(actor);
    updated.identity = identity;
    if (known == null) {
      register(updated);
    } else {
      placeInEveryOrder(updated);
    }
  }

  public Optional<Actor> actor(String actor) {
    return Optional.ofNullable(bySlug.get(actor));
  }

  /** Every actor, sorted by slug. */
  public Collection<Actor> actors() {
    return actors.values();
  }

  /** The actors after this key (all when null), in this order, each with its key. */
  public Stream<Placed> actorsAfter(ActorOrder order, ActorKey after) {
    if (order == ActorOrder.ACTOR) {
      return (after == null ? actors : actors.tailMap(after.actor(), false)).values().stream()
          .map(a -> new Placed(a.bySlug, a));
    }
    ConcurrentSkipListMap<ActorKey, Actor> index = indexes.get(order);
    return (after == null ? index : index.tailMap(after, false)).entrySet().stream()
        // The same instance as the actor's own key only at its current place, not the one it is leaving.
        .filter(e -> e.getKey() == e.getValue().key(order))
        .map(e -> new Placed(e.getKey(), e.getValue()));
  }

  /** Makes a new actor visible once it holds what was applied. */
  private void register(Actor actor) {
    actor.bloc = actor.membership.bloc(actor.actor);
    for (ActorOrder order : indexes.keySet()) {
      ActorKey key = order.key(actor.actor, actor.identity, actor.bloc);
      actor.placeAt(order, key);
      indexes.get(order).put(key, actor);
    }
    actors.put(actor.actor, actor);
    bySlug.put(actor.actor, actor);
  }

  /** Moves the actor in the bloc order when a pair changed its bloc; the other orders do not read pairs. */
  private void placeInBloc(Actor actor) {
    String bloc = actor.membership.bloc(actor.actor);
    if (!Objects.equals(bloc, actor.bloc)) {
      actor.bloc = bloc;
      move(actor, ActorOrder.BLOC);
    }
  }

  /** Moves the actor in every order its name or kind changed it in. */
  private void placeInEveryOrder(Actor actor) {
    indexes.keySet().forEach(order -> move(actor, order));
  }

  private void move(Actor actor, ActorOrder order) {
    ActorKey from = actor.key(order);
    ActorKey to = order.key(actor.actor, actor.identity, actor.bloc);
    if (!to.equals(from)) {
      ConcurrentSkipListMap<ActorKey, Actor> index = indexes.get(order);
      index.put(to, actor);
      actor.placeAt(order, to);
      index.remove(from);
    }
  }

  /** Forgets an actor left with no pair and no name or kind; whether it did. */
  private boolean forgetIfEmpty(Actor known) {
    if (!known.isEmpty()) {
      return false;
    }
    actors.remove(known.actor);
    bySlug.remove(known.actor);
    for (ActorOrder order : indexes.keySet()) {
      indexes.get(order).remove(known.key(order));
    }
    return true;
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
