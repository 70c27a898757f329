package io.stancewatch.query.api;

import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import java.time.Instant;

/** Entries of the statement log as the HTTP tests write them: each statement of strength 1, quoted "quote <its id>". */
final class LogEntries {

  private LogEntries() {}

  static StatementEvent said(String id, String actor, String topic, Stance stance, String at, String onBehalfOf) {
    return new StatementEvent(Statement.newBuilder().setStatementId(id).setActor(actor).setOnBehalfOf(onBehalfOf)
        .setTopic(topic).setStance(stance).setStrength(1.0).setQuote("quote " + id)
        .setOccurredAt(Instant.parse(at)).build());
  }

  /** The statement, giving its actor a name and a kind. */
  static StatementEvent named(StatementEvent statement, String name, ActorKind kind) {
    Statement s = (Statement) statement.getPayload();
    return new StatementEvent(Statement.newBuilder(s).setActorName(name).setActorKind(kind).build());
  }

  static StatementEvent retract(String id, String actor, String topic) {
    return new StatementEvent(Retraction.newBuilder().setStatementId(id).setActor(actor).setTopic(topic).build());
  }
}
