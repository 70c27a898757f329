package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.Snapshots;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Which snapshots of a poll the reader decodes while it catches up. */
class LatestSnapshotsTest {

  private static final TopicPartition SNAPSHOTS = new TopicPartition(Topics.ACTOR_STANCES.name(), 0);
  private final LogFold fold = new LogFold();
  private final SnapshotDecoder decoder = new SnapshotDecoder();
  private final ActorStanceView view = new ActorStanceView();
  private final List<ConsumerRecord<byte[], byte[]>> polled = new ArrayList<>();

  @Test
  void onlyTheLastSnapshotOfEachActorIsDecodedTheEarlierAreSuperseded() {
    var a1 = snapshot("a", "a-1", Stance.SUPPORT);
    var b1 = snapshot("b", "b-1", Stance.SUPPORT);
    var a2 = snapshot("a", "a-2", Stance.OPPOSE);
    var b2 = record("b", null);

    var decided = StanceTopicsReader.latestSnapshots(poll(), this::decode);

    assertSame(StanceTopicsReader.SUPERSEDED, decided.get(a1));
    assertSame(StanceTopicsReader.SUPERSEDED, decided.get(b1));
    assertEquals("a-2", decided.get(a2).value().state().pair("nato").history().get(1).statementId());
    assertEquals("b", decided.get(b2).actor());
    assertNull(decided.get(b2).value(), "a tombstone replaces the actor too");
  }

  @Test
  void whenTheLastDoesNotDecodeTheOneBeforeItIsTheLatest() {
    var a1 = snapshot("a", "a-1", Stance.SUPPORT);
    var a2 = snapshot("a", "a-2", Stance.OPPOSE);
    var garbage = record("a", "not a snapshot".getBytes(StandardCharsets.UTF_8));

    var decided = StanceTopicsReader.latestSnapshots(poll(), this::decode);

    assertFalse(decided.containsKey(garbage), "left to be decoded and reported in its turn");
    assertEquals("a", decided.get(a2).actor());
    assertSame(StanceTopicsReader.SUPERSEDED, decided.get(a1));
  }

  private StanceTopicsReader.Snapshot decode(ConsumerRecord<byte[], byte[]> record) {
    return StanceTopicsReader.decodeSnapshot(record, decoder, view);
  }

  private ConsumerRecord<byte[], byte[]> snapshot(String actor, String statementId, Stance stance) {
    fold.apply(new StatementEvent(Statement.newBuilder().setStatementId(statementId).setActor(actor).setTopic("nato")
        .setStance(stance).setStrength(1.0).setOccurredAt(Instant.parse("2025-01-01T00:00:00Z").plusSeconds(polled.size()))
        .build()), Instant.parse("2025-03-01T00:00:00Z"));
    return record(actor, Topics.ACTOR_STANCES.valueSerde().serializer().serialize(null,
        Snapshots.toAvro(fold.states().get(actor))));
  }

  private ConsumerRecord<byte[], byte[]> record(String actor, byte[] value) {
    var record = new ConsumerRecord<>(SNAPSHOTS.topic(), SNAPSHOTS.partition(), polled.size(),
        actor.getBytes(StandardCharsets.UTF_8), value);
    polled.add(record);
    return record;
  }

  private ConsumerRecords<byte[], byte[]> poll() {
    return new ConsumerRecords<>(Map.of(SNAPSHOTS, polled));
  }
}
