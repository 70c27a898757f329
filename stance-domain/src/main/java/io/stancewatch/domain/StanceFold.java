package io.stancewatch.domain;

import io.stancewatch.domain.ActorEvent.StatementFolded;
import io.stancewatch.domain.ActorEvent.StatementRetracted;
import io.stancewatch.domain.StoredActor.Identity;
import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.Stance;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The stance rules of contract section 4 as one pure function:
 * {@code (stored actor, event) -> (what to write, changes)}. An event touches one pair: it
 * writes at most that pair's summary, one history entry and the actor's identity, all bounded
 * in size. The summary is kept up to date from the event and the statements next to it, so
 * the fold never reads a whole history; a change is emitted exactly when the current label
 * differs from the one before the event.
 */
public final class StanceFold {

  private StanceFold() {}

  /**
   * What an event changes. Null fields are left as they are: {@code identity} when the name and
   * kind did not change, {@code summary} and {@code entry} when the event had no effect (a
   * duplicate statement id, the retraction of an unknown or already retracted statement).
   *
   * @param entry the history entry to write: the statement folded, or the statement retracted
   * @param relayTo the actor the event must also be applied to (the one the speaker spoke
   *     for), or null: a statement made on another's behalf, or its retraction, counts for both
   */
  public record Result(Identity identity, PairSummary summary, HistoryItem entry, List<StanceChange> changes,
      String relayTo) {

    static final Result NONE = new Result(null, null, null, List.of(), null);

    /** Whether the event changed nothing at all. */
    public boolean isNone() {
      return identity == null && summary == null;
    }
  }

  /**
   * Applies one event to an actor.
   *
   * @param detectedAt when the event entered the log; stamped on changes so a replay of the
   *     log reproduces them exactly
   */
  public static Result apply(StoredActor actor, ActorEvent event, Instant detectedAt) {
    if (event instanceof StatementFolded folded) {
      return fold(actor, folded, detectedAt);
    }
    return retract(actor, (StatementRetracted) event, detectedAt);
  }

  private static Result fold(StoredActor actor, StatementFolded event, Instant detectedAt) {
    HistoryItem item = event.item();
    if (actor.folded(item.statementId()).isPresent()) {
      return Result.NONE;
    }
    PairSummary before = actor.summary(event.topic());
    PairSummary after = inserted(before, actor.history(event.topic()), item);
    return changed(before, after, item, ChangeCause.STATEMENT, item.occurredAt(), detectedAt,
        newIdentity(actor, event), item.onBehalfOf());
  }

  private static Result retract(StoredActor actor, StatementRetracted event, Instant detectedAt) {
    StoredActor.Folded folded = actor.folded(event.statementId()).orElse(null);
    if (folded == null || !folded.topic().equals(event.topic())) {
      return Result.NONE;
    }
    PairHistory history = actor.history(event.topic());
    HistoryItem target = history.get(folded.key()).filter(h -> !h.retracted()).orElse(null);
    if (target == null) {
      return Result.NONE;
    }
    PairSummary before = actor.summary(event.topic());
    PairSummary after = removed(before, history, target);
    return changed(before, after, target.asRetracted(), ChangeCause.RETRACTION, detectedAt, detectedAt, null,
        target.onBehalfOf());
  }

  /** The actor's name and kind as this statement updates them, or null when they stay as they were. */
  private static Identity newIdentity(StoredActor actor, StatementFolded event) {
    if (event.actorName() == null && event.actorKind() == null) {
      return null; // relays and statements that name no one: the stored identity need not be read
    }
    Identity known = actor.identity();
    Identity updated = known.with(event.actorName(), event.actorKind());
    return updated.equals(known) ? null : updated;
  }

  /** The summary once {@code item} joins the history (which does not hold it yet). */
  static PairSummary inserted(PairSummary s, PairHistory history, HistoryItem item) {
    HistoryKey k = item.key();
    int count = s.statements() + 1;
    HistoryItem current = s.current();
    if (current == null) {
      return s.with(item, k, count);
    }
    boolean sameLabel = item.stance() == current.stance();
    if (k.isAfter(current.key())) {
      return s.with(item, sameLabel ? s.runStart() : k, count);
    }
    // Said before the current statement: history changes, the current statement does not; since may.
    if (k.isAfter(s.runStart())) {
      // Inside the current run: a different label cuts it, and the run begins after the item.
      return s.with(current, sameLabel ? s.runStart() : history.next(k).orElseThrow().key(), count);
    }
    if (sameLabel) {
      // Just before the run, with nothing counted between: the run now begins with the item.
      boolean adjacent = history.previous(s.runStart()).map(p -> p.key().isBefore(k)).orElse(true);
      return s.with(current, adjacent ? k : s.runStart(), count);
    }
    return s.with(current, s.runStart(), count);
  }

  /** The summary once {@code target}, unretracted in {@code history}, is retracted. */
  static PairSummary removed(PairSummary s, PairHistory history, HistoryItem target) {
    HistoryKey k = target.key();
    int count = s.statements() - 1;
    HistoryItem current = s.current();
    if (k.equals(current.key())) {
      HistoryItem previous = history.previous(k).orElse(null);
      if (previous == null) {
        return s.with(null, null, count);
      }
      // The same label: the run loses its last statement. Another: the earlier run is current again.
      return s.with(previous, previous.stance() == current.stance() ? s.runStart() : history.runStart(previous), count);
    }
    if (k.isAfter(s.runStart())) {
      return s.with(current, s.runStart(), count);
    }
    if (k.equals(s.runStart())) {
      return s.with(current, history.next(k).orElseThrow().key(), count);
    }
    // Before the run: only the statement just before it matters, and only if it parted two runs of one label.
    boolean parted = history.previous(s.runStart()).map(p -> p.key().equals(k)).orElse(false);
    HistoryItem beforeTarget = parted ? history.previous(k).orElse(null) : null;
    if (beforeTarget != null && beforeTarget.stance() == current.stance()) {
      return s.with(current, history.runStart(beforeTarget), count);
    }
    return s.with(current, s.runStart(), count);
  }

  private static Result changed(PairSummary before, PairSummary after, HistoryItem entry, ChangeCause cause,
      Instant occurredAt, Instant detectedAt, Identity identity, String relayTo) {
    Stance was = before.hasCurrent() ? before.current().stance() : null;
    Stance now = after.hasCurrent() ? after.current().stance() : null;
    if (Objects.equals(was, now)) {
      return new Result(identity, after, entry, List.of(), relayTo);
    }
    long sequence = before.sequence() + 1;
    StanceChange change = new StanceChange(
        after.actor(),
        after.topic(),
        was,
        now,
        before.hasCurrent() ? before.current().position() : null,
        after.hasCurrent() ? after.current().position() : null,
        entry.statementId(),
        cause,
        occurredAt,
        detectedAt,
        sequence,
        after.hasCurrent() ? after.current().via() : null);
    return new Result(identity, after.withSequence(sequence), entry, List.of(change), relayTo);
  }
}
