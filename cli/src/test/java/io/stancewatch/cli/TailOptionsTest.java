package io.stancewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.StanceChanged;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TailOptionsTest {

  @Test
  void withoutOptionsFollowsEveryChangeFromTheEndOfTheLocalBroker() {
    assertEquals(new TailOptions("127.0.0.1:9092", null, null, false), TailOptions.parse());
  }

  @Test
  void readsEveryOption() {
    assertEquals(new TailOptions("kafka:9093", "pete-hegseth", "ceasefire", true), TailOptions.parse(
        "--actor", "pete-hegseth", "--from-beginning", "--topic", "ceasefire", "--bootstrap-servers", "kafka:9093"));
  }

  @Test
  void rejectsAnUnknownOptionAndAMissingValue() {
    assertEquals("unknown option --actors",
        assertThrows(IllegalArgumentException.class, () -> TailOptions.parse("--actors", "a")).getMessage());
    assertEquals("--topic needs a value",
        assertThrows(IllegalArgumentException.class, () -> TailOptions.parse("--topic")).getMessage());
  }

  @Test
  void matchesOnActorAndTopicTogether() {
    TailOptions options = new TailOptions("127.0.0.1:9092", "pete-hegseth", "ceasefire", false);
    assertTrue(options.matches(change("pete-hegseth", "ceasefire")));
    assertFalse(options.matches(change("pete-hegseth", "ukraine-nato-membership")));
    assertFalse(options.matches(change("pal-jonson", "ceasefire")));
    assertTrue(new TailOptions("127.0.0.1:9092", null, "ceasefire", false).matches(change("pal-jonson", "ceasefire")));
  }

  private static StanceChanged change(String actor, String topic) {
    return StanceChanged.newBuilder().setActor(actor).setTopic(topic).setCauseStatementId("s")
        .setCause(ChangeCause.STATEMENT).setOccurredAt(Instant.EPOCH).setDetectedAt(Instant.EPOCH).setSequence(1).build();
  }
}
