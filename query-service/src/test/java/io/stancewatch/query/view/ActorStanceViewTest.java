package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.Snapshots;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ActorStanceViewTest {

  private final ActorStanceView view = new ActorStanceView();
  private final LogFold fold = new LogFold();
  private final AtomicInteger encoded = new AtomicInteger();

  @Test
  void anEncodedPairIsKeptUntilTheActorsNextSnapshotIsApplied() {
    view.apply("hegseth", said("h-1", Stance.SUPPORT, "2025-01-01T00:00:00Z"));
    assertEquals("h-1/SUPPORT", answer("nato"));
    assertEquals("h-1/SUPPORT", answer("nato"));
    assertEquals(1, encoded.get(), "the second read is served as encoded by the first");

    view.apply("hegseth", said("h-2", Stance.OPPOSE, "2025-02-01T00:00:00Z"));

    assertEquals("h-2/OPPOSE", answer("nato"), "the next snapshot is visible as soon as it is applied");
    assertEquals(2, encoded.get());
  }

  @Test
  void aTombstoneForgetsTheActorAndItsAnswers() {
    view.apply("hegseth", said("h-1", Stance.SUPPORT, "2025-01-01T00:00:00Z"));
    answer("nato");

    view.apply("hegseth", null);

    assertTrue(view.actor("hegseth").isEmpty());
    assertTrue(view.actors().isEmpty());
  }

  @Test
  void nothingToAnswerIsNotKept() {
    view.apply("hegseth", said("h-1", Stance.SUPPORT, "2025-01-01T00:00:00Z"));
    ActorStanceView.Actor actor = view.actor("hegseth").orElseThrow();

    assertEquals(null, actor.encodedPair("troops", t -> null));
    assertEquals("later", new String(actor.encodedPair("troops", t -> bytes("later")), StandardCharsets.UTF_8));
  }

  /** The pair's current statement and label, as the encoder saw them. */
  private String answer(String topic) {
    ActorStanceView.Actor actor = view.actor("hegseth").orElseThrow();
    return new String(actor.encodedPair(topic, t -> {
      encoded.incrementAndGet();
      var current = actor.state().pair(t).current().orElseThrow();
      return bytes(current.statement().statementId() + "/" + current.stance());
    }), StandardCharsets.UTF_8);
  }

  private SnapshotDecoder.Decoded said(String id, Stance stance, String at) {
    fold.apply(new StatementEvent(Statement.newBuilder().setStatementId(id).setActor("hegseth").setTopic("nato")
        .setStance(stance).setStrength(1.0).setOccurredAt(Instant.parse(at)).build()), Instant.parse(at));
    return new SnapshotDecoder().decode(Topics.ACTOR_STANCES.valueSerde().serializer().serialize(null, Snapshots.toAvro(fold.states().get("hegseth"))),
        null);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
