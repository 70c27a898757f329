package io.stancewatch.domain;

import io.stancewatch.domain.ActorEvent.StatementFolded;
import io.stancewatch.domain.ActorEvent.StatementRetracted;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;

/**
 * Reads an entry of the statement log as an {@link ActorEvent}: for its speaker, or relayed
 * to the actor the speaker spoke for (see {@link StanceFold.Result#relayTo()}).
 */
public final class StatementEvents {

  private StatementEvents() {}

  /** The actor who made the statement or whose statement is retracted: the log's key. */
  public static String speaker(StatementEvent entry) {
    return entry.getPayload() instanceof Statement s ? s.getActor() : ((Retraction) entry.getPayload()).getActor();
  }

  /** The entry as it concerns its speaker. */
  public static ActorEvent forSpeaker(StatementEvent entry) {
    if (entry.getPayload() instanceof Statement s) {
      HistoryItem item = new HistoryItem(s.getStatementId(), s.getStance(), s.getStrength(), s.getOccurredAt(),
          s.getQuote(), s.getSourceUrl(), null, s.getOnBehalfOf(), false);
      return new StatementFolded(s.getTopic(), item, s.getActorName(), s.getActorKind());
    }
    Retraction r = (Retraction) entry.getPayload();
    return new StatementRetracted(r.getTopic(), r.getStatementId());
  }

  /**
   * The entry as it concerns the actor the speaker spoke for: the statement is that actor's
   * too, made via the speaker; the speaker's name and kind are not that actor's.
   */
  public static ActorEvent forRelay(StatementEvent entry) {
    ActorEvent event = forSpeaker(entry);
    if (event instanceof StatementFolded folded) {
      return new StatementFolded(folded.topic(), folded.item().relayedFrom(speaker(entry)), null, null);
    }
    return event;
  }
}
