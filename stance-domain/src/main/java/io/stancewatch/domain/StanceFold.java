package io.stancewatch.domain;

import io.stancewatch.domain.ActorEvent.StatementFolded;
import io.stancewatch.domain.ActorEvent.StatementRetracted;
import io.stancewatch.events.ChangeCause;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The stance rules of contract section 4 as one pure function:
 * {@code (state, event) -> (state', changes)}. Arrival order changes history, never the
 * answer: the current stance is always derived from the whole history, and a change is
 * emitted exactly when the derived label differs from the one before the event.
 */
public final class StanceFold {

  private StanceFold() {}

  /**
   * The new state and the changes an event causes. {@code relayTo} names the actor the event
   * must also be applied to (the one the speaker spoke for), or is null: a statement made on
   * another's behalf, or the retraction of one, counts for both actors.
   */
  public record Result(ActorState state, List<StanceChange> changes, String relayTo) {

    Result(ActorState state, List<StanceChange> changes) {
      this(state, changes, null);
    }

    Result relayingTo(String actor) {
      return new Result(state, changes, actor);
    }
  }

  /**
   * Applies one event to an actor's state.
   *
   * @param detectedAt when the event entered the log; stamped on changes so a replay of the
   *     log reproduces them exactly
   */
  public static Result apply(ActorState state, ActorEvent event, Instant detectedAt) {
    if (event instanceof StatementFolded folded) {
      return fold(state, folded, detectedAt);
    }
    return retract(state, (StatementRetracted) event, detectedAt);
  }

  private static Result fold(ActorState state, StatementFolded event, Instant detectedAt) {
    HistoryItem item = event.item();
    if (state.hasFolded(item.statementId())) {
      return new Result(state, List.of());
    }
    PairState before = state.pair(event.topic());
    PairState after = before.with(item);
    ActorState identified = state.withIdentity(event.actorName(), event.actorKind());
    return changed(identified, before, after, item.statementId(), ChangeCause.STATEMENT, item.occurredAt(), detectedAt)
        .relayingTo(item.onBehalfOf());
  }

  private static Result retract(ActorState state, StatementRetracted event, Instant detectedAt) {
    PairState before = state.pair(event.topic());
    Optional<HistoryItem> target = before.find(event.statementId()).filter(h -> !h.retracted());
    if (target.isEmpty()) {
      return new Result(state, List.of());
    }
    PairState after = before.replace(target.get().asRetracted());
    return changed(state, before, after, event.statementId(), ChangeCause.RETRACTION, detectedAt, detectedAt)
        .relayingTo(target.get().onBehalfOf());
  }

  private static Result changed(ActorState state, PairState before, PairState after, String causeId,
      ChangeCause cause, Instant occurredAt, Instant detectedAt) {
    Optional<CurrentStance> was = before.current();
    Optional<CurrentStance> now = after.current();
    if (Objects.equals(was.map(CurrentStance::stance), now.map(CurrentStance::stance))) {
      return new Result(state.withPair(after), List.of());
    }
    long sequence = before.changeSequence() + 1;
    StanceChange change = new StanceChange(
        state.actor(),
        after.topic(),
        was.map(CurrentStance::stance).orElse(null),
        now.map(CurrentStance::stance).orElse(null),
        was.map(CurrentStance::position).orElse(null),
        now.map(CurrentStance::position).orElse(null),
        causeId,
        cause,
        occurredAt,
        detectedAt,
        sequence,
        now.map(c -> c.statement().via()).orElse(null));
    return new Result(state.withPair(after.withChangeSequence(sequence)), List.of(change));
  }
}
