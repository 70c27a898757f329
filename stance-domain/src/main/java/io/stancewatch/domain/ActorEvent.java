package io.stancewatch.domain;

import io.stancewatch.events.ActorKind;

/** What can happen to an actor's state: a statement is folded in, or one is retracted. */
public sealed interface ActorEvent {

  String topic();

  /**
   * A statement folded into an actor. For the actor a speaker spoke for, {@code item.via()}
   * names the speaker and the speaker's name and kind are not given.
   */
  record StatementFolded(String topic, HistoryItem item, String actorName, ActorKind actorKind) implements ActorEvent {}

  /** A statement of this actor on this topic is withdrawn. */
  record StatementRetracted(String topic, String statementId) implements ActorEvent {}
}
