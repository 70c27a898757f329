package io.stancewatch.domain;

import static io.stancewatch.events.Stance.NEUTRAL;
import static io.stancewatch.events.Stance.OPPOSE;
import static io.stancewatch.events.Stance.SUPPORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.domain.ActorEvent.StatementFolded;
import io.stancewatch.domain.ActorEvent.StatementRetracted;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Given earlier events, when one more arrives, expect these changes and this state. */
class StanceFoldTest {

  private static final String ACTOR = "pete-hegseth";
  private static final String TOPIC = "ukraine-nato-membership";
  private static final Instant LOGGED = Instant.parse("2025-02-14T09:00:00Z");

  @Test
  void firstStatementEmitsAChangeFromNone() {
    StanceFold.Result result = when(List.of(), said("s1", OPPOSE, 0.8, "2025-02-12T10:00:00Z"));

    assertEquals(List.of(new StanceChange(ACTOR, TOPIC, null, OPPOSE, null, -0.8, "s1", ChangeCause.STATEMENT,
        Instant.parse("2025-02-12T10:00:00Z"), LOGGED, 1, null)), result.changes());
    CurrentStance current = result.state().pair(TOPIC).current().orElseThrow();
    assertEquals("s1", current.statement().statementId());
    assertEquals(Instant.parse("2025-02-12T10:00:00Z"), current.since());
    assertEquals(1, current.statements());
    assertEquals("Pete Hegseth", result.state().name());
    assertEquals(ActorKind.PERSON, result.state().kind());
  }

  @Test
  void reversalEmitsAChangeWithTheNextSequenceNumber() {
    StanceFold.Result result = when(
        List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z")),
        said("s2", OPPOSE, 0.5, "2025-02-01T00:00:00Z"));

    StanceChange change = result.changes().get(0);
    assertEquals(SUPPORT, change.previousStance());
    assertEquals(OPPOSE, change.newStance());
    assertEquals(1.0, change.previousPosition());
    assertEquals(-0.5, change.newPosition());
    assertEquals(2, change.sequence());
    assertEquals("s2", change.causeStatementId());
    assertEquals(Instant.parse("2025-02-01T00:00:00Z"), result.state().pair(TOPIC).current().orElseThrow().since());
  }

  @Test
  void moveToNeutralIsAChange() {
    StanceFold.Result result = when(
        List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z")),
        said("s2", NEUTRAL, 1.0, "2025-02-01T00:00:00Z"));

    assertEquals(1, result.changes().size());
    assertEquals(NEUTRAL, result.changes().get(0).newStance());
    assertEquals(0.0, result.changes().get(0).newPosition());
  }

  @Test
  void sameLabelEmitsNoChangeButCountsAndKeepsSince() {
    StanceFold.Result result = when(
        List.of(said("s1", OPPOSE, 1.0, "2025-01-01T00:00:00Z")),
        said("s2", OPPOSE, 0.3, "2025-02-01T00:00:00Z"));

    assertTrue(result.changes().isEmpty());
    CurrentStance current = result.state().pair(TOPIC).current().orElseThrow();
    assertEquals("s2", current.statement().statementId());
    assertEquals(-0.3, current.position());
    assertEquals(Instant.parse("2025-01-01T00:00:00Z"), current.since());
    assertEquals(2, current.statements());
    assertEquals(1, result.state().pair(TOPIC).changeSequence());
  }

  @Test
  void lateOlderStatementChangesHistoryNotTheCurrentStance() {
    StanceFold.Result result = when(
        List.of(said("s2", OPPOSE, 1.0, "2025-02-01T00:00:00Z")),
        said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"));

    assertTrue(result.changes().isEmpty());
    PairState pair = result.state().pair(TOPIC);
    assertEquals(List.of("s1", "s2"), pair.history().stream().map(HistoryItem::statementId).toList());
    assertEquals(OPPOSE, pair.currentLabel());
    assertEquals(2, pair.current().orElseThrow().statements());
  }

  @Test
  void lateStatementInsideTheCurrentRunMovesSinceBack() {
    StanceFold.Result result = when(
        List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"), said("s3", OPPOSE, 1.0, "2025-03-01T00:00:00Z")),
        said("s2", OPPOSE, 1.0, "2025-02-01T00:00:00Z"));

    assertTrue(result.changes().isEmpty());
    assertEquals(Instant.parse("2025-02-01T00:00:00Z"), result.state().pair(TOPIC).current().orElseThrow().since());
  }

  @Test
  void tieOnOccurredAtIsWonByTheGreaterStatementId() {
    String sameInstant = "2025-02-12T15:00:00Z";
    StanceFold.Result bFirst = when(List.of(said("b", SUPPORT, 1.0, sameInstant)), said("a", OPPOSE, 1.0, sameInstant));
    StanceFold.Result aFirst = when(List.of(said("a", OPPOSE, 1.0, sameInstant)), said("b", SUPPORT, 1.0, sameInstant));

    assertTrue(bFirst.changes().isEmpty(), "a is smaller than b, so it does not become current");
    assertEquals("b", bFirst.state().pair(TOPIC).current().orElseThrow().statement().statementId());
    assertEquals(SUPPORT, aFirst.changes().get(0).newStance());
    assertEquals("b", aFirst.state().pair(TOPIC).current().orElseThrow().statement().statementId());
  }

  @Test
  void duplicateStatementIdHasNoEffect() {
    ActorState given = given(List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z")));

    StanceFold.Result result = StanceFold.apply(given, said("s1", OPPOSE, 1.0, "2025-06-01T00:00:00Z"), LOGGED);

    assertTrue(result.changes().isEmpty());
    assertSame(given, result.state());
  }

  @Test
  void duplicateStatementIdOnAnotherTopicHasNoEffect() {
    ActorState given = given(List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z")));
    HistoryItem item = new HistoryItem("s1", OPPOSE, 1.0, Instant.parse("2025-06-01T00:00:00Z"), null, null, null, null, false);

    StanceFold.Result result = StanceFold.apply(given, new StatementFolded("ceasefire", item, null, null), LOGGED);

    assertSame(given, result.state());
  }

  @Test
  void retractionOfTheCurrentStatementFallsBackAndEmitsARetractionChange() {
    StanceFold.Result result = when(
        List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"), said("s2", OPPOSE, 1.0, "2025-02-01T00:00:00Z")),
        new StatementRetracted(TOPIC, "s2"));

    StanceChange change = result.changes().get(0);
    assertEquals(OPPOSE, change.previousStance());
    assertEquals(SUPPORT, change.newStance());
    assertEquals(ChangeCause.RETRACTION, change.cause());
    assertEquals("s2", change.causeStatementId());
    assertEquals(3, change.sequence());
    PairState pair = result.state().pair(TOPIC);
    assertTrue(pair.find("s2").orElseThrow().retracted());
    assertEquals(1, pair.current().orElseThrow().statements());
  }

  @Test
  void retractionOfTheOnlyStatementRemovesTheStance() {
    StanceFold.Result result = when(List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z")),
        new StatementRetracted(TOPIC, "s1"));

    assertNull(result.changes().get(0).newStance());
    assertNull(result.changes().get(0).newPosition());
    assertTrue(result.state().pair(TOPIC).current().isEmpty());
  }

  @Test
  void retractionOfAnUnknownStatementHasNoEffect() {
    ActorState given = given(List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z")));

    StanceFold.Result result = StanceFold.apply(given, new StatementRetracted(TOPIC, "nope"), LOGGED);

    assertSame(given, result.state());
    assertTrue(result.changes().isEmpty());
  }

  @Test
  void retractedStatementIdIsNotFoldedAgain() {
    StanceFold.Result result = when(
        List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"), new StatementRetracted(TOPIC, "s1")),
        said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"));

    assertTrue(result.changes().isEmpty());
    assertTrue(result.state().pair(TOPIC).current().isEmpty());
  }

  @Test
  void asOfAppliesTheSameRulesToEarlierStatements() {
    ActorState state = given(List.of(
        said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"),
        said("s2", OPPOSE, 1.0, "2025-02-01T00:00:00Z"),
        said("s3", OPPOSE, 1.0, "2025-03-01T00:00:00Z")));

    PairState pair = state.pair(TOPIC);
    assertEquals(SUPPORT, pair.asOf(Instant.parse("2025-01-31T23:59:59Z")).currentLabel());
    assertEquals(Instant.parse("2025-02-01T00:00:00Z"), pair.asOf(Instant.parse("2025-02-01T00:00:00Z")).current().orElseThrow().since());
    assertTrue(pair.asOf(Instant.parse("2024-12-31T00:00:00Z")).current().isEmpty());
  }

  @Test
  void statementOnAnotherActorsBehalfIsRelayedToThatActorOnce() {
    StatementFolded forUs = saidFor("s1", SUPPORT, "united-states");

    StanceFold.Result first = StanceFold.apply(ActorState.empty(ACTOR), forUs, LOGGED);
    StanceFold.Result again = StanceFold.apply(first.state(), forUs, LOGGED);

    assertEquals("united-states", first.relayTo());
    assertNull(again.relayTo(), "a duplicate is not relayed either");
    assertNull(StanceFold.apply(ActorState.empty(ACTOR), said("s2", SUPPORT, 1.0, "2025-01-01T00:00:00Z"), LOGGED).relayTo());
  }

  @Test
  void relayedStatementCountsForTheActorSpokenForViaTheSpeaker() {
    Statement statement = Statement.newBuilder().setStatementId("s1").setActor(ACTOR).setActorName("Pete Hegseth")
        .setOnBehalfOf("united-states").setTopic(TOPIC).setStance(OPPOSE).setStrength(1.0)
        .setOccurredAt(Instant.parse("2025-02-12T10:00:00Z")).build();

    StanceFold.Result result = StanceFold.apply(ActorState.empty("united-states"),
        StatementEvents.forRelay(new StatementEvent(statement)), LOGGED);

    assertEquals(ACTOR, result.changes().get(0).via());
    CurrentStance current = result.state().pair(TOPIC).current().orElseThrow();
    assertEquals(ACTOR, current.statement().via());
    assertNull(current.statement().onBehalfOf());
    assertNull(result.state().name(), "the speaker's name is not the bloc's");
    assertNull(result.relayTo(), "relays do not chain");
  }

  @Test
  void retractionOfARelayedStatementIsRelayedToo() {
    ActorState given = given(List.of(saidFor("s1", SUPPORT, "united-states"), said("s2", OPPOSE, 1.0, "2024-01-01T00:00:00Z")));

    assertEquals("united-states", StanceFold.apply(given, new StatementRetracted(TOPIC, "s1"), LOGGED).relayTo());
    assertNull(StanceFold.apply(given, new StatementRetracted(TOPIC, "s2"), LOGGED).relayTo());
    assertNull(StanceFold.apply(given, new StatementRetracted(TOPIC, "unknown"), LOGGED).relayTo());
  }

  private static StatementFolded said(String id, Stance stance, double strength, String occurredAt) {
    HistoryItem item = new HistoryItem(id, stance, strength, Instant.parse(occurredAt), "q-" + id, null, null, null, false);
    return new StatementFolded(TOPIC, item, "Pete Hegseth", ActorKind.PERSON);
  }

  private static StatementFolded saidFor(String id, Stance stance, String onBehalfOf) {
    HistoryItem item = new HistoryItem(id, stance, 1.0, Instant.parse("2025-02-12T10:00:00Z"), null, null, null,
        onBehalfOf, false);
    return new StatementFolded(TOPIC, item, "Pete Hegseth", ActorKind.PERSON);
  }

  private static ActorState given(List<ActorEvent> events) {
    ActorState state = ActorState.empty(ACTOR);
    for (ActorEvent event : events) {
      state = StanceFold.apply(state, event, LOGGED).state();
    }
    return state;
  }

  private static StanceFold.Result when(List<ActorEvent> history, ActorEvent event) {
    List<ActorEvent> events = new ArrayList<>(history);
    return StanceFold.apply(given(events), event, LOGGED);
  }
}
