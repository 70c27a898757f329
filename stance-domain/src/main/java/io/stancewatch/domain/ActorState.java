package io.stancewatch.domain;

import io.stancewatch.events.ActorKind;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * All that is known of one actor: display name and kind (the latest given), and one
 * {@link PairState} per topic the actor has statements on, sorted by topic.
 */
public record ActorState(String actor, String name, ActorKind kind, Map<String, PairState> topics) {

  public ActorState {
    topics = Collections.unmodifiableMap(new TreeMap<>(topics));
  }

  public static ActorState empty(String actor) {
    return new ActorState(actor, null, null, Map.of());
  }

  public PairState pair(String topic) {
    return topics.getOrDefault(topic, PairState.empty(topic));
  }

  public Collection<PairState> pairs() {
    return topics.values();
  }

  /** Whether a statement with this id was ever folded into this actor, on any topic. */
  public boolean hasFolded(String statementId) {
    return topics.values().stream().anyMatch(p -> p.find(statementId).isPresent());
  }

  /** The latest occurredAt of any of this actor's unretracted statements. */
  public Optional<Instant> lastStatementAt() {
    return topics.values().stream()
        .flatMap(p -> p.history().stream())
        .filter(h -> !h.retracted())
        .map(HistoryItem::occurredAt)
        .max(Comparator.naturalOrder());
  }

  ActorState withPair(PairState pair) {
    Map<String, PairState> next = new TreeMap<>(topics);
    next.put(pair.topic(), pair);
    return new ActorState(actor, name, kind, next);
  }

  ActorState withIdentity(String newName, ActorKind newKind) {
    return new ActorState(actor, newName != null ? newName : name, newKind != null ? newKind : kind, topics);
  }
}
