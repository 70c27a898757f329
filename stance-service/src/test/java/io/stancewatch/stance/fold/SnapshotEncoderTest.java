package io.stancewatch.stance.fold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stancewatch.domain.ActorState;
import io.stancewatch.domain.PairState;
import io.stancewatch.domain.Snapshots;
import io.stancewatch.domain.StanceFold;
import io.stancewatch.domain.StatementEvents;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SnapshotEncoderTest {

  private static final Instant DETECTED = Instant.parse("2025-03-01T00:00:00Z");

  @Test
  void splicedSnapshotIsByteForByteTheEncodedSnapshot() {
    Random random = new Random(6);
    for (int run = 0; run < 200; run++) {
      ActorState state = randomState(random, run);
      assertArrayEquals(encoded(state), spliced(state), "run " + run);
    }
  }

  @Test
  void anActorWithoutNameOrKindAndOnePair() {
    ActorState state = fold(ActorState.empty("nato"), new StatementEvent(statement("s1", "nato", null, "ukraine-nato-membership",
        Stance.OPPOSE, 1)));
    assertArrayEquals(encoded(state), spliced(state));
    assertEquals(state, Snapshots.toDomain(Topics.ACTOR_STANCES.valueSerde().deserializer()
        .deserialize(Topics.ACTOR_STANCES.name(), spliced(state))));
  }

  @Test
  void aPairStoredInAnotherSchemaIsRefused() {
    byte[] foreign = SnapshotEncoder.PAIRS.encode(Snapshots.toAvro(PairState.empty("t")));
    foreign[3] ^= 1;
    assertThrows(IllegalStateException.class, () -> SnapshotEncoder.encode("a", null, null, List.of(foreign)));
  }

  /** Up to 70 pairs (more than one Avro block would ever need), with quotes, retractions and names. */
  private static ActorState randomState(Random random, int run) {
    String actor = "actor-" + run;
    String name = random.nextBoolean() ? "Actor " + run + " «ünïcode»" : null;
    ActorKind kind = random.nextBoolean() ? ActorKind.values()[random.nextInt(ActorKind.values().length)] : null;
    ActorState state = ActorState.empty(actor);
    int topics = 1 + random.nextInt(70);
    for (int i = 0; i < topics * 3; i++) {
      String topic = "topic-" + random.nextInt(topics);
      String id = "s" + i;
      state = fold(state, new StatementEvent(statement(id, actor, name, topic,
          Stance.values()[random.nextInt(Stance.values().length)], random.nextInt(1_000_000))));
      if (random.nextInt(10) == 0) {
        state = fold(state, new StatementEvent(Retraction.newBuilder().setStatementId(id).setActor(actor)
            .setTopic(topic).setReason("wrongly recorded").build()));
      }
    }
    return kind == null ? state : new ActorState(actor, state.name(), kind, state.topics());
  }

  private static ActorState fold(ActorState state, StatementEvent event) {
    return StanceFold.apply(state, StatementEvents.forSpeaker(event), DETECTED).state();
  }

  private static Statement statement(String id, String actor, String name, String topic, Stance stance, long minute) {
    return Statement.newBuilder().setStatementId(id).setActor(actor).setActorName(name).setTopic(topic)
        .setStance(stance).setStrength(0.5).setQuote(minute % 2 == 0 ? "quote " + minute : null)
        .setSourceUrl("https://example.org/" + minute).setOccurredAt(DETECTED.minusSeconds(60 * minute)).build();
  }

  private static byte[] encoded(ActorState state) {
    return Topics.ACTOR_STANCES.valueSerde().serializer().serialize(Topics.ACTOR_STANCES.name(), Snapshots.toAvro(state));
  }

  private static byte[] spliced(ActorState state) {
    List<byte[]> pairs = state.pairs().stream().map(p -> SnapshotEncoder.PAIRS.encode(Snapshots.toAvro(p))).toList();
    return SnapshotEncoder.encode(state.actor(), state.name(), state.kind(), pairs);
  }
}
