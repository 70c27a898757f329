package io.stancewatch.domain;

import io.stancewatch.events.ActorProfile;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.events.PairStance;
import io.stancewatch.events.StatementEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds a whole statement log in one pass, in order, relays included: what stance-service
 * computes, without Kafka. Tests use it as the expected answer for what was acknowledged.
 */
public final class LogFold {

  private final InMemoryState state = new InMemoryState();
  private final List<StanceChange> changes = new ArrayList<>();

  /** Applies one log entry, appended to the log at {@code loggedAt}. */
  public LogFold apply(StatementEvent entry, Instant loggedAt) {
    String speaker = StatementEvents.speaker(entry);
    String relayTo = apply(speaker, StatementEvents.forSpeaker(entry), loggedAt);
    if (relayTo != null) {
      apply(relayTo, StatementEvents.forRelay(entry), loggedAt);
    }
    return this;
  }

  private String apply(String actor, ActorEvent event, Instant loggedAt) {
    StanceFold.Result result = StanceFold.apply(state.actor(actor), event, loggedAt);
    state.write(actor, result);
    changes.addAll(result.changes());
    return result.relayTo();
  }

  /** The folded state. */
  public InMemoryState state() {
    return state;
  }

  /** The latest record stance-service publishes on {@code stancewatch.stances} for each pair, by key. */
  public Map<String, PairStance> stances() {
    Map<String, PairStance> stances = new TreeMap<>();
    state.summaries().forEach(p -> stances.put(Records.pairKey(p.actor(), p.topic()), Records.toAvro(p)));
    return stances;
  }

  /** The latest record on {@code stancewatch.stance-history} for each statement of each pair, by key. */
  public Map<String, HistoryEntry> history() {
    Map<String, HistoryEntry> history = new TreeMap<>();
    for (PairSummary p : state.summaries()) {
      for (HistoryItem item : state.historyOf(p.actor(), p.topic())) {
        history.put(Records.historyKey(p.actor(), p.topic(), item.statementId()), Records.toAvro(p.actor(), p.topic(), item));
      }
    }
    return history;
  }

  /** The latest record on {@code stancewatch.actors} for each actor, by key. */
  public Map<String, ActorProfile> profiles() {
    Map<String, ActorProfile> profiles = new TreeMap<>();
    state.identities().forEach((actor, identity) -> profiles.put(actor, Records.toAvro(actor, identity)));
    return profiles;
  }

  /** Every change, in the order emitted. */
  public List<StanceChange> changes() {
    return List.copyOf(changes);
  }
}
