package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.domain.ActorState;
import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.PairState;
import io.stancewatch.domain.Snapshots;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The snapshot decoder against decoding the whole snapshot, on actors folded from random statements. */
class SnapshotDecoderTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  private final SnapshotDecoder decoder = new SnapshotDecoder();
  private final Random random = new Random(6);
  private int statements;

  @Test
  void decodesWhatTheWholeDecoderDecodesAndReusesExactlyTheUnchangedPairs() {
    for (int round = 0; round < 600; round++) {
      LogFold fold = new LogFold();
      String actor = "actor-" + round;
      int topics = 1 + random.nextInt(12);
      for (int i = random.nextInt(30); i >= 0; i--) {
        fold(fold, actor, topics, true);
      }
      byte[] before = snapshot(fold, actor);
      SnapshotDecoder.Decoded first = decoder.decode(before, null);
      assertEquals(whole(before), first.state());

      // Half the rounds keep the actor's name and kind, as most statements do: only pairs change.
      boolean identity = round % 2 == 0;
      Set<String> touched = new HashSet<>();
      for (int i = random.nextInt(3); i >= 0; i--) {
        touched.add(fold(fold, actor, topics, identity));
      }
      byte[] after = snapshot(fold, actor);
      SnapshotDecoder.Decoded next = decoder.decode(after, first);

      assertEquals(whole(after), next.state(), "round " + round);
      for (Map.Entry<String, PairState> pair : next.state().topics().entrySet()) {
        PairState was = first.state().topics().get(pair.getKey());
        if (touched.contains(pair.getKey())) {
          assertNotSame(was, pair.getValue(), "a changed pair is decoded");
        } else {
          assertSame(was, pair.getValue(), "an unchanged pair is the one decoded before");
        }
      }
      assertSame(next.state(), decoder.decode(after.clone(), next).state(), "the same bytes again change nothing");
    }
  }

  @Test
  void refusesWhatTheWholeDecoderRefusesAndAgreesOnTheRest() {
    int refused = 0;
    for (int round = 0; round < 4_000; round++) {
      LogFold fold = new LogFold();
      for (int i = random.nextInt(10); i >= 0; i--) {
        fold(fold, "a", 4, true);
      }
      byte[] first = snapshot(fold, "a");
      fold(fold, "a", 4, false);
      byte[] corrupt = snapshot(fold, "a");
      corrupt[random.nextInt(corrupt.length)] ^= (byte) (1 << random.nextInt(8));
      // Half against the snapshot before, which shares most of its bytes.
      SnapshotDecoder.Decoded previous = round % 2 == 0 ? null : decoder.decode(first, null);
      ActorState expected;
      try {
        expected = whole(corrupt);
      } catch (SerializationException e) {
        assertThrows(SerializationException.class, () -> decoder.decode(corrupt, previous), "round " + round);
        refused++;
        continue;
      }
      assertEquals(expected, decoder.decode(corrupt, previous).state(), "round " + round);
    }
    assertTrue(refused > 200, "the corruptions exercised refusals: " + refused);
  }

  @Test
  void refusesATruncatedSnapshot() {
    LogFold fold = new LogFold();
    for (int i = 0; i < 10; i++) {
      fold(fold, "a", 4, true);
    }
    SnapshotDecoder.Decoded previous = decoder.decode(snapshot(fold, "a"), null);
    fold(fold, "a", 4, false);
    byte[] snapshot = snapshot(fold, "a");
    for (int length = 0; length < snapshot.length; length++) {
      byte[] truncated = Arrays.copyOf(snapshot, length);
      assertThrows(SerializationException.class, () -> decoder.decode(truncated, null), "length " + length);
      assertThrows(SerializationException.class, () -> decoder.decode(truncated, previous), "length " + length);
    }
  }

  @Test
  void aValueInAnUnknownSchemaIsRefusedAsTheWholeDecoderRefusesIt() {
    byte[] value = "not a snapshot".getBytes(StandardCharsets.UTF_8);

    SerializationException e = assertThrows(SerializationException.class, () -> decoder.decode(value, null));

    assertTrue(e.getMessage().contains("Unrecognized header bytes"), e.getMessage());
  }

  @Test
  void keepsWhereEachPairSitsInTheSnapshotInTheSnapshotsOrder() {
    LogFold fold = new LogFold();
    for (int i = 0; i < 8; i++) {
      fold(fold, "a", 5, true);
    }
    byte[] value = snapshot(fold, "a");
    SnapshotDecoder.PairBytes pairs = decoder.decode(value, null).pairs();

    assertSame(value, pairs.snapshot());
    assertEquals(List.copyOf(whole(value).topics().values()), List.of(pairs.pairs()));
    int n = pairs.pairs().length;
    for (int i = 0; i + 1 < n; i++) {
      assertEquals(pairs.ends()[i], pairs.starts()[i + 1], "pairs follow each other in one block");
    }
    // The topics are the last field: after the last pair only the array's terminating 0.
    assertEquals(value.length - 1, pairs.ends()[n - 1]);
    assertEquals(0, value[value.length - 1]);
  }

  /**
   * Folds a random statement, or now and then the retraction of an earlier one; returns the
   * topic it touched. Without {@code identity} the statement names no actor name or kind.
   */
  private String fold(LogFold fold, String actor, int topics, boolean identity) {
    String topic = "topic-" + random.nextInt(topics);
    List<String> earlier = new ArrayList<>();
    fold.states().getOrDefault(actor, ActorState.empty(actor)).pair(topic).history().stream()
        .filter(h -> !h.retracted()).forEach(h -> earlier.add(h.statementId()));
    StatementEvent event;
    if (!earlier.isEmpty() && random.nextInt(5) == 0) {
      event = new StatementEvent(Retraction.newBuilder().setStatementId(earlier.get(random.nextInt(earlier.size())))
          .setActor(actor).setTopic(topic).build());
    } else {
      event = new StatementEvent(Statement.newBuilder()
          .setStatementId("s-" + statements++)
          .setActor(actor)
          .setActorName(!identity || random.nextBoolean() ? null : "Name " + random.nextInt(3))
          .setActorKind(!identity || random.nextBoolean() ? null
              : ActorKind.values()[random.nextInt(ActorKind.values().length)])
          .setTopic(topic)
          .setStance(Stance.values()[random.nextInt(Stance.values().length)])
          .setStrength(random.nextDouble())
          .setQuote(random.nextBoolean() ? null : "quote ✓ " + random.nextInt())
          .setSourceUrl(random.nextBoolean() ? null : "https://example.org/" + random.nextInt(100))
          .setOccurredAt(T0.plusSeconds(random.nextInt(1_000_000)))
          .build());
    }
    fold.apply(event, T0.plusSeconds(2_000_000 + statements));
    return topic;
  }

  private static byte[] snapshot(LogFold fold, String actor) {
    return Topics.ACTOR_STANCES.valueSerde().serializer().serialize(null, Snapshots.toAvro(fold.states().get(actor)));
  }

  private static ActorState whole(byte[] value) {
    return Snapshots.toDomain(Topics.ACTOR_STANCES.valueSerde().deserializer().deserialize(null, value));
  }
}
