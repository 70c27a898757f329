package io.stancewatch.domain;

import io.stancewatch.events.ActorProfile;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.events.PairStance;
import io.stancewatch.events.StanceChanged;

/**
 * The one mapping between the domain and its Avro records: what stance-service stores and
 * publishes ({@link PairStance}, {@link HistoryEntry}, {@link ActorProfile},
 * {@link StanceChanged}), and reads back.
 */
public final class Records {

  private Records() {}

  public static PairStance toAvro(PairSummary summary) {
    PairStance.Builder stance = PairStance.newBuilder()
        .setActor(summary.actor())
        .setTopic(summary.topic())
        .setStatements(summary.statements())
        .setSequence(summary.sequence());
    HistoryItem current = summary.current();
    if (current != null) {
      stance.setStance(current.stance())
          .setPosition(current.position())
          .setStrength(current.strength())
          .setSince(summary.runStart().occurredAt())
          .setSinceStatementId(summary.runStart().statementId())
          .setStatementId(current.statementId())
          .setOccurredAt(current.occurredAt())
          .setQuote(current.quote())
          .setSourceUrl(current.sourceUrl())
          .setVia(current.via())
          .setOnBehalfOf(current.onBehalfOf());
    }
    return stance.build();
  }

  public static PairSummary toDomain(PairStance stance) {
    if (stance.getStance() == null) {
      return new PairSummary(stance.getActor(), stance.getTopic(), null, null, stance.getStatements(),
          stance.getSequence());
    }
    HistoryItem current = new HistoryItem(stance.getStatementId(), stance.getStance(), stance.getStrength(),
        stance.getOccurredAt(), stance.getQuote(), stance.getSourceUrl(), stance.getVia(), stance.getOnBehalfOf(), false);
    return new PairSummary(stance.getActor(), stance.getTopic(), current,
        new HistoryKey(stance.getSince(), stance.getSinceStatementId()), stance.getStatements(), stance.getSequence());
  }

  public static HistoryEntry toAvro(String actor, String topic, HistoryItem item) {
    return HistoryEntry.newBuilder()
        .setActor(actor)
        .setTopic(topic)
        .setStatementId(item.statementId())
        .setStance(item.stance())
        .setStrength(item.strength())
        .setOccurredAt(item.occurredAt())
        .setQuote(item.quote())
        .setSourceUrl(item.sourceUrl())
        .setVia(item.via())
        .setOnBehalfOf(item.onBehalfOf())
        .setRetracted(item.retracted())
        .build();
  }

  public static HistoryItem toDomain(HistoryEntry entry) {
    return new HistoryItem(entry.getStatementId(), entry.getStance(), entry.getStrength(), entry.getOccurredAt(),
        entry.getQuote(), entry.getSourceUrl(), entry.getVia(), entry.getOnBehalfOf(), entry.getRetracted());
  }

  public static ActorProfile toAvro(String actor, StoredActor.Identity identity) {
    return ActorProfile.newBuilder().setActor(actor).setName(identity.name()).setKind(identity.kind()).build();
  }

  public static StoredActor.Identity toDomain(ActorProfile profile) {
    return new StoredActor.Identity(profile.getName(), profile.getKind());
  }

  public static StanceChanged toAvro(StanceChange change) {
    return StanceChanged.newBuilder()
        .setActor(change.actor())
        .setTopic(change.topic())
        .setPreviousStance(change.previousStance())
        .setNewStance(change.newStance())
        .setPreviousPosition(change.previousPosition())
        .setNewPosition(change.newPosition())
        .setCauseStatementId(change.causeStatementId())
        .setCause(change.cause())
        .setOccurredAt(change.occurredAt())
        .setDetectedAt(change.detectedAt())
        .setSequence(change.sequence())
        .setVia(change.via())
        .build();
  }

  public static StanceChange toDomain(StanceChanged c) {
    return new StanceChange(c.getActor(), c.getTopic(), c.getPreviousStance(), c.getNewStance(),
        c.getPreviousPosition(), c.getNewPosition(), c.getCauseStatementId(), c.getCause(), c.getOccurredAt(),
        c.getDetectedAt(), c.getSequence(), c.getVia());
  }

  /** The key of a pair on {@code stancewatch.stances}, and of its summary in stance-service. */
  public static String pairKey(String actor, String topic) {
    return actor + "/" + topic;
  }

  /** The key of a statement on {@code stancewatch.stance-history}. */
  public static String historyKey(String actor, String topic, String statementId) {
    return actor + "/" + topic + "/" + statementId;
  }
}
