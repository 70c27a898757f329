package io.stancewatch.domain;

import io.stancewatch.events.Stance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything folded for one (actor, topic) pair: its statements in chronological order,
 * retracted ones included, and the sequence number of the last change emitted for it.
 * The current stance is derived, never stored, so it cannot disagree with the history.
 */
public record PairState(String topic, List<HistoryItem> history, long changeSequence) {

  public PairState {
    history = List.copyOf(history);
  }

  public static PairState empty(String topic) {
    return new PairState(topic, List.of(), 0);
  }

  /** The current stance per contract section 4, or empty when no unretracted statement is left. */
  public Optional<CurrentStance> current() {
    List<HistoryItem> counted = history.stream().filter(h -> !h.retracted()).toList();
    if (counted.isEmpty()) {
      return Optional.empty();
    }
    HistoryItem latest = counted.get(counted.size() - 1);
    Instant since = latest.occurredAt();
    for (int i = counted.size() - 1; i >= 0 && counted.get(i).stance() == latest.stance(); i--) {
      since = counted.get(i).occurredAt();
    }
    return Optional.of(new CurrentStance(latest, since, counted.size()));
  }

  /** The current stance label, or null when there is none. */
  public Stance currentLabel() {
    return current().map(CurrentStance::stance).orElse(null);
  }

  /**
   * This pair as it stood at instant {@code t}: only statements said at or before t count;
   * retractions known now still apply.
   */
  public PairState asOf(Instant t) {
    return new PairState(topic, history.stream().filter(h -> !h.occurredAt().isAfter(t)).toList(), changeSequence);
  }

  public Optional<HistoryItem> find(String statementId) {
    return history.stream().filter(h -> h.statementId().equals(statementId)).findFirst();
  }

  PairState with(HistoryItem item) {
    List<HistoryItem> next = new ArrayList<>(history.size() + 1);
    next.addAll(history);
    int at = next.size();
    while (at > 0 && HistoryItem.CHRONOLOGICAL.compare(next.get(at - 1), item) > 0) {
      at--;
    }
    next.add(at, item);
    return new PairState(topic, next, changeSequence);
  }

  PairState replace(HistoryItem item) {
    return new PairState(topic,
        history.stream().map(h -> h.statementId().equals(item.statementId()) ? item : h).toList(), changeSequence);
  }

  PairState withChangeSequence(long sequence) {
    return new PairState(topic, history, sequence);
  }
}
