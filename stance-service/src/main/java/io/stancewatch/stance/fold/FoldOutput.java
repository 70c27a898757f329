package io.stancewatch.stance.fold;

import io.stancewatch.events.ActorProfile;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.events.PairStance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.StatementEvent;

/** What folding one event sends on, each kind to its own topic. */
sealed interface FoldOutput {

  /** To {@code stancewatch.stance-changes}, keyed by actor. */
  record Change(StanceChanged value) implements FoldOutput {}

  /** To {@code stancewatch.stances}, keyed {@code actor/topic}. */
  record Stance(PairStance value) implements FoldOutput {}

  /** To {@code stancewatch.stance-history}, keyed {@code actor/topic/statementId}. */
  record History(HistoryEntry value) implements FoldOutput {}

  /** To {@code stancewatch.actors}, keyed by actor. */
  record Profile(ActorProfile value) implements FoldOutput {}

  /** The log entry again, keyed by the actor spoken for, to be folded into that actor too. */
  record Relay(StatementEvent value) implements FoldOutput {}
}
