package io.stancewatch.domain;

import io.stancewatch.domain.ActorEvent.StatementFolded;
import io.stancewatch.domain.ActorEvent.StatementRetracted;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import java.util.List;

/** Turns an entry of the statement log into the events it causes, per actor it concerns. */
public final class StatementEvents {

  private StatementEvents() {}

  /** An event for one actor's state. */
  public record Addressed(String actor, ActorEvent event) {}

  /**
   * The events one log entry causes. A statement is folded into its speaker; statements on
   * another actor's behalf and retractions of them are not routed to that actor yet.
   */
  public static List<Addressed> route(StatementEvent entry) {
    Object payload = entry.getPayload();
    if (payload instanceof Statement s) {
      HistoryItem item = new HistoryItem(s.getStatementId(), s.getStance(), s.getStrength(), s.getOccurredAt(),
          s.getQuote(), s.getSourceUrl(), null, false);
      return List.of(new Addressed(s.getActor(), new StatementFolded(s.getTopic(), item, s.getActorName(), s.getActorKind())));
    }
    Retraction r = (Retraction) payload;
    return List.of(new Addressed(r.getActor(), new StatementRetracted(r.getTopic(), r.getStatementId())));
  }
}
