package io.stancewatch.domain;

import io.stancewatch.events.StatementEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

  /** Every change, in the order emitted. */
  public List<StanceChange> changes() {
    return List.copyOf(changes);
  }
}
