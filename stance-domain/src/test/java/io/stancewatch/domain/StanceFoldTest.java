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
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
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
    PairSummary current = result.summary();
    assertEquals("s1", current.current().statementId());
    assertEquals(Instant.parse("2025-02-12T10:00:00Z"), current.since());
    assertEquals(1, current.statements());
    assertEquals(new StoredActor.Identity("Pete Hegseth", ActorKind.PERSON), result.identity());
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
    assertEquals(Instant.parse("2025-02-01T00:00:00Z"), result.summary().since());
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
    PairSummary current = result.summary();
    assertEquals("s2", current.current().statementId());
    assertEquals(-0.3, current.current().position());
    assertEquals(Instant.parse("2025-01-01T00:00:00Z"), current.since());
    assertEquals(2, current.statements());
    assertEquals(1, current.sequence());
    assertNull(result.identity(), "the name and kind were already known");
  }

  @Test
  void lateOlderStatementChangesHistoryNotTheCurrentStance() {
    StanceFold.Result result = when(
        List.of(said("s2", OPPOSE, 1.0, "2025-02-01T00:00:00Z")),
        said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"));

    assertTrue(result.changes().isEmpty());
    assertEquals(OPPOSE, result.summary().current().stance());
    assertEquals("s2", result.summary().current().statementId());
    assertEquals(2, result.summary().statements());
    assertEquals("s1", result.entry().statementId(), "the late statement joins the history");
  }

  @Test
  void lateStatementInsideTheCurrentRunMovesSinceBack() {
    StanceFold.Result result = when(
        List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"), said("s3", OPPOSE, 1.0, "2025-03-01T00:00:00Z")),
        said("s2", OPPOSE, 1.0, "2025-02-01T00:00:00Z"));

    assertTrue(result.changes().isEmpty());
    assertEquals(Instant.parse("2025-02-01T00:00:00Z"), result.summary().since());
  }

  @Test
  void lateStatementOfAnotherLabelInsideTheCurrentRunCutsIt() {
    StanceFold.Result result = when(
        List.of(said("s1", OPPOSE, 1.0, "2025-01-01T00:00:00Z"), said("s3", OPPOSE, 1.0, "2025-03-01T00:00:00Z")),
        said("s2", SUPPORT, 1.0, "2025-02-01T00:00:00Z"));

    assertTrue(result.changes().isEmpty());
    assertEquals(Instant.parse("2025-03-01T00:00:00Z"), result.summary().since());
  }

  @Test
  void lateStatementOfTheSameLabelJustBeforeTheRunExtendsIt() {
    StanceFold.Result result = when(
        List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"), said("s3", OPPOSE, 1.0, "2025-03-01T00:00:00Z")),
        said("s2", OPPOSE, 1.0, "2025-02-01T00:00:00Z"));
    StanceFold.Result separated = when(
        List.of(said("s2", SUPPORT, 1.0, "2025-02-01T00:00:00Z"), said("s3", OPPOSE, 1.0, "2025-03-01T00:00:00Z")),
        said("s1", OPPOSE, 1.0, "2025-01-01T00:00:00Z"));

    assertEquals(Instant.parse("2025-02-01T00:00:00Z"), result.summary().since());
    assertEquals(Instant.parse("2025-03-01T00:00:00Z"), separated.summary().since(), "s2 stands between");
  }

  @Test
  void retractingTheStatementThatPartedTwoRunsJoinsThem() {
    StanceFold.Result result = when(
        List.of(said("s1", OPPOSE, 1.0, "2025-01-01T00:00:00Z"), said("s2", OPPOSE, 1.0, "2025-02-01T00:00:00Z"),
            said("s3", SUPPORT, 1.0, "2025-03-01T00:00:00Z"), said("s4", OPPOSE, 1.0, "2025-04-01T00:00:00Z")),
        new StatementRetracted(TOPIC, "s3"));

    assertTrue(result.changes().isEmpty());
    assertEquals(Instant.parse("2025-01-01T00:00:00Z"), result.summary().since());
    assertEquals(3, result.summary().statements());
    assertTrue(result.entry().retracted());
  }

  @Test
  void retractingTheFirstStatementOfTheRunMovesSinceToTheNext() {
    StanceFold.Result result = when(
        List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"), said("s2", OPPOSE, 1.0, "2025-02-01T00:00:00Z"),
            said("s3", OPPOSE, 1.0, "2025-03-01T00:00:00Z")),
        new StatementRetracted(TOPIC, "s2"));

    assertEquals(Instant.parse("2025-03-01T00:00:00Z"), result.summary().since());
  }

  @Test
  void tieOnOccurredAtIsWonByTheGreaterStatementId() {
    String sameInstant = "2025-02-12T15:00:00Z";
    StanceFold.Result bFirst = when(List.of(said("b", SUPPORT, 1.0, sameInstant)), said("a", OPPOSE, 1.0, sameInstant));
    StanceFold.Result aFirst = when(List.of(said("a", OPPOSE, 1.0, sameInstant)), said("b", SUPPORT, 1.0, sameInstant));

    assertTrue(bFirst.changes().isEmpty(), "a is smaller than b, so it does not become current");
    assertEquals("b", bFirst.summary().current().statementId());
    assertEquals(SUPPORT, aFirst.changes().get(0).newStance());
    assertEquals("b", aFirst.summary().current().statementId());
  }

  @Test
  void duplicateStatementIdHasNoEffect() {
    StanceFold.Result result = when(List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z")),
        said("s1", OPPOSE, 1.0, "2025-06-01T00:00:00Z"));

    assertTrue(result.isNone());
    assertTrue(result.changes().isEmpty());
  }

  @Test
  void duplicateStatementIdOnAnotherTopicHasNoEffect() {
    HistoryItem item = new HistoryItem("s1", OPPOSE, 1.0, Instant.parse("2025-06-01T00:00:00Z"), null, null, null, null, false);

    StanceFold.Result result = when(List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z")),
        new StatementFolded("ceasefire", item, null, null));

    assertTrue(result.isNone());
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
    assertEquals("s2", result.entry().statementId());
    assertTrue(result.entry().retracted());
    assertEquals(1, result.summary().statements());
    assertEquals("s1", result.summary().current().statementId());
    assertEquals(Instant.parse("2025-01-01T00:00:00Z"), result.summary().since());
  }

  @Test
  void retractionOfTheOnlyStatementRemovesTheStance() {
    StanceFold.Result result = when(List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z")),
        new StatementRetracted(TOPIC, "s1"));

    assertNull(result.changes().get(0).newStance());
    assertNull(result.changes().get(0).newPosition());
    assertNull(result.summary().current());
    assertEquals(0, result.summary().statements());
  }

  @Test
  void retractionOfAnUnknownStatementHasNoEffect() {
    StanceFold.Result result = when(List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z")),
        new StatementRetracted(TOPIC, "nope"));
    StanceFold.Result otherTopic = when(List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z")),
        new StatementRetracted("ceasefire", "s1"));

    assertTrue(result.isNone());
    assertTrue(otherTopic.isNone(), "a retraction names the statement's own topic");
  }

  @Test
  void retractedStatementIdIsNotFoldedAgain() {
    StanceFold.Result result = when(
        List.of(said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"), new StatementRetracted(TOPIC, "s1")),
        said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"));

    assertTrue(result.isNone());
  }

  @Test
  void asOfAppliesTheSameRulesToEarlierStatements() {
    InMemoryState state = given(List.of(
        said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"),
        said("s2", OPPOSE, 1.0, "2025-02-01T00:00:00Z"),
        said("s3", OPPOSE, 1.0, "2025-03-01T00:00:00Z")));
    PairSummary now = state.actor(ACTOR).summary(TOPIC);
    PairHistory history = state.history(ACTOR, TOPIC);

    PairSummary january = AsOf.stance(now, history, Instant.parse("2025-01-31T23:59:59Z"));
    PairSummary february = AsOf.stance(now, history, Instant.parse("2025-02-01T00:00:00Z"));
    assertEquals(SUPPORT, january.current().stance());
    assertEquals(1, january.statements());
    assertEquals(Instant.parse("2025-02-01T00:00:00Z"), february.since());
    assertEquals(2, february.statements());
    assertNull(AsOf.stance(now, history, Instant.parse("2024-12-31T00:00:00Z")).current());
    assertSame(now, AsOf.stance(now, history, Instant.parse("2025-03-01T00:00:00Z")));
  }

  @Test
  void asOfBeforeAPairsOnlyCountedStatementIsNoStanceWithoutReadingItsHistory() {
    InMemoryState state = given(List.of(
        said("s1", SUPPORT, 1.0, "2025-01-01T00:00:00Z"),
        new StatementRetracted(TOPIC, "s1"),
        said("s2", OPPOSE, 1.0, "2025-03-01T00:00:00Z")));
    PairSummary now = state.actor(ACTOR).summary(TOPIC);
    PairHistory unread = new PairHistory() {
      @Override
      public Optional<HistoryItem> get(HistoryKey key) {
        throw new AssertionError("read " + key);
      }

      @Override
      public Stream<HistoryItem> newestFirst(HistoryKey key) {
        throw new AssertionError("read before " + key);
      }

      @Override
      public Stream<HistoryItem> oldestFirst(HistoryKey key) {
        throw new AssertionError("read after " + key);
      }
    };

    PairSummary february = AsOf.stance(now, unread, Instant.parse("2025-02-01T00:00:00Z"));
    assertNull(february.current());
    assertEquals(0, february.statements());
    assertEquals(now.sequence(), february.sequence());
    assertEquals(february, AsOf.stance(now, state.history(ACTOR, TOPIC), Instant.parse("2025-02-01T00:00:00Z")));
  }

  @Test
  void statementOnAnotherActorsBehalfIsRelayedToThatActorOnce() {
    StatementFolded forUs = saidFor("s1", SUPPORT, "united-states");

    StanceFold.Result first = when(List.of(), forUs);
    StanceFold.Result again = when(List.of(forUs), forUs);

    assertEquals("united-states", first.relayTo());
    assertNull(again.relayTo(), "a duplicate is not relayed either");
    assertNull(when(List.of(), said("s2", SUPPORT, 1.0, "2025-01-01T00:00:00Z")).relayTo());
  }

  @Test
  void relayedStatementCountsForTheActorSpokenForViaTheSpeaker() {
    Statement statement = Statement.newBuilder().setStatementId("s1").setActor(ACTOR).setActorName("Pete Hegseth")
        .setOnBehalfOf("united-states").setTopic(TOPIC).setStance(OPPOSE).setStrength(1.0)
        .setOccurredAt(Instant.parse("2025-02-12T10:00:00Z")).build();

    StanceFold.Result result = StanceFold.apply(new InMemoryState().actor("united-states"),
        StatementEvents.forRelay(new StatementEvent(statement)), LOGGED);

    assertEquals(ACTOR, result.changes().get(0).via());
    assertEquals("united-states", result.changes().get(0).actor());
    HistoryItem current = result.summary().current();
    assertEquals(ACTOR, current.via());
    assertNull(current.onBehalfOf());
    assertNull(result.identity(), "the speaker's name is not the bloc's");
    assertNull(result.relayTo(), "relays do not chain");
  }

  @Test
  void retractionOfARelayedStatementIsRelayedToo() {
    StoredActor given = given(List.of(saidFor("s1", SUPPORT, "united-states"), said("s2", OPPOSE, 1.0, "2024-01-01T00:00:00Z")))
        .actor(ACTOR);

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

  private static InMemoryState given(List<ActorEvent> events) {
    InMemoryState state = new InMemoryState();
    for (ActorEvent event : events) {
      state.write(ACTOR, StanceFold.apply(state.actor(ACTOR), event, LOGGED));
    }
    return state;
  }

  private static StanceFold.Result when(List<ActorEvent> history, ActorEvent event) {
    return StanceFold.apply(given(history).actor(ACTOR), event, LOGGED);
  }
}
