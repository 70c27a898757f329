package io.stancewatch.domain;

import io.stancewatch.events.ActorStances;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.TopicStance;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one mapping between the domain state and its Avro form: an {@link ActorState} is
 * published and stored as an {@link ActorStances} snapshot, and read back from one.
 */
public final class Snapshots {

  private Snapshots() {}

  public static ActorStances toAvro(ActorState state) {
    return ActorStances.newBuilder()
        .setActor(state.actor())
        .setName(state.name())
        .setKind(state.kind())
        .setTopics(state.pairs().stream().map(Snapshots::toAvro).toList())
        .build();
  }

  public static ActorState toDomain(ActorStances snapshot) {
    Map<String, PairState> pairs = new LinkedHashMap<>();
    for (TopicStance topic : snapshot.getTopics()) {
      pairs.put(topic.getTopic(), toDomain(topic));
    }
    return new ActorState(snapshot.getActor(), snapshot.getName(), snapshot.getKind(), pairs);
  }

  public static PairState toDomain(TopicStance topic) {
    return new PairState(topic.getTopic(),
        topic.getHistory().stream().map(Snapshots::toDomain).toList(), topic.getChangeSequence());
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

  public static TopicStance toAvro(PairState pair) {
    return TopicStance.newBuilder()
        .setTopic(pair.topic())
        .setCurrent(pair.current().map(Snapshots::toAvro).orElse(null))
        .setChangeSequence(pair.changeSequence())
        .setHistory(pair.history().stream().map(Snapshots::toAvro).toList())
        .build();
  }

  private static io.stancewatch.events.CurrentStance toAvro(CurrentStance current) {
    HistoryItem s = current.statement();
    return io.stancewatch.events.CurrentStance.newBuilder()
        .setStance(s.stance())
        .setPosition(s.position())
        .setSince(current.since())
        .setStatementId(s.statementId())
        .setOccurredAt(s.occurredAt())
        .setQuote(s.quote())
        .setSourceUrl(s.sourceUrl())
        .setVia(s.via())
        .setStatements(current.statements())
        .build();
  }

  private static io.stancewatch.events.HistoryEntry toAvro(HistoryItem item) {
    return io.stancewatch.events.HistoryEntry.newBuilder()
        .setStatementId(item.statementId())
        .setStance(item.stance())
        .setStrength(item.strength())
        .setOccurredAt(item.occurredAt())
        .setQuote(item.quote())
        .setSourceUrl(item.sourceUrl())
        .setVia(item.via())
        .setRetracted(item.retracted())
        .setOnBehalfOf(item.onBehalfOf())
        .build();
  }

  private static HistoryItem toDomain(io.stancewatch.events.HistoryEntry entry) {
    return new HistoryItem(entry.getStatementId(), entry.getStance(), entry.getStrength(), entry.getOccurredAt(),
        entry.getQuote(), entry.getSourceUrl(), entry.getVia(), entry.getOnBehalfOf(), entry.getRetracted());
  }
}
