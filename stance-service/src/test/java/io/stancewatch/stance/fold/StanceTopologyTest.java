package io.stancewatch.stance.fold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.events.ActorKind;
import io.stancewatch.events.ActorStances;
import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.CurrentStance;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.events.TopicStance;
import io.stancewatch.schemas.DeadLetters;
import io.stancewatch.schemas.FoldProgress;
import io.stancewatch.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StanceTopologyTest {

  private static final Instant LOGGED = Instant.parse("2025-02-13T08:00:00Z");
  private static final Duration SNAPSHOT_INTERVAL = Duration.ofMillis(50);

  private TopologyTestDriver driver;
  private TestInputTopic<String, StatementEvent> statements;
  private TestOutputTopic<String, StanceChanged> changes;
  private TestOutputTopic<String, ActorStances> snapshots;
  /** The same log, written as bytes: records anyone could append, decodable or not. */
  private TestInputTopic<byte[], byte[]> rawStatements;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeEach
  void start() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stance-topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(Path.of("target", "topology-test-state")).toString());
    driver = new TopologyTestDriver(StanceTopology.build(SNAPSHOT_INTERVAL, FoldMetrics.NONE), props);
    statements = driver.createInputTopic(Topics.STATEMENTS.name(),
        Topics.STATEMENTS.keySerde().serializer(), Topics.STATEMENTS.valueSerde().serializer());
    changes = driver.createOutputTopic(Topics.STANCE_CHANGES.name(),
        Topics.STANCE_CHANGES.keySerde().deserializer(), Topics.STANCE_CHANGES.valueSerde().deserializer());
    snapshots = driver.createOutputTopic(Topics.ACTOR_STANCES.name(),
        Topics.ACTOR_STANCES.keySerde().deserializer(), Topics.ACTOR_STANCES.valueSerde().deserializer());
    rawStatements = driver.createInputTopic(Topics.STATEMENTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
    deadLetters = driver.createOutputTopic(Topics.STATEMENTS_DLQ.name(),
        Topics.STATEMENTS_DLQ.keySerde().deserializer(), Topics.STATEMENTS_DLQ.valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void statementBecomesAChangeASnapshotAndStoredState() {
    pipe(statement("hegseth-1", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"));

    StanceChanged change = changes.readValue();
    assertEquals(StanceChanged.newBuilder()
        .setActor("pete-hegseth").setTopic("ukraine-nato-membership")
        .setPreviousStance(null).setNewStance(Stance.OPPOSE)
        .setPreviousPosition(null).setNewPosition(-1.0)
        .setCauseStatementId("hegseth-1").setCause(ChangeCause.STATEMENT)
        .setOccurredAt(Instant.parse("2025-02-12T10:00:00Z")).setDetectedAt(LOGGED)
        .setSequence(1).setVia(null).build(), change);

    assertTrue(snapshots.isEmpty(), "snapshots wait for the snapshot interval");
    publishSnapshots();
    var snapshot = snapshots.readKeyValue();
    assertEquals("pete-hegseth", snapshot.key);
    assertEquals("Pete Hegseth", snapshot.value.getName());
    assertEquals(ActorKind.PERSON, snapshot.value.getKind());
    CurrentStance current = snapshot.value.getTopics().get(0).getCurrent();
    assertEquals(Stance.OPPOSE, current.getStance());
    assertEquals("hegseth-1", current.getStatementId());
    assertEquals(1, current.getStatements());
    assertTrue(snapshots.isEmpty());
  }

  @Test
  void snapshotsOfAnActorFoldedSeveralTimesInOneIntervalArePublishedOnceWithItsWholeState() {
    pipe(statement("a-1", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"));
    pipe(statement("a-2", "pete-hegseth", "ceasefire", Stance.SUPPORT, "2025-02-12T11:00:00Z"));
    publishSnapshots();
    pipe(statement("a-3", "pete-hegseth", "us-troops-in-ukraine", Stance.OPPOSE, "2025-02-12T12:00:00Z"));
    pipe(statement("a-4", "pete-hegseth", "ceasefire", Stance.SUPPORT, "2025-02-13T11:00:00Z"));
    publishSnapshots();

    List<ActorStances> published = snapshots.readValuesToList();
    assertEquals(List.of(List.of("ceasefire", "ukraine-nato-membership"),
            List.of("ceasefire", "ukraine-nato-membership", "us-troops-in-ukraine")),
        published.stream().map(p -> p.getTopics().stream().map(TopicStance::getTopic).toList()).toList());
    TopicStance ceasefire = published.get(1).getTopics().get(0);
    assertEquals(List.of("a-2", "a-4"), ceasefire.getHistory().stream().map(h -> h.getStatementId()).toList());
    assertEquals("Pete Hegseth", published.get(1).getName(), "name and kind are kept with the actor, not the pair");
  }

  @Test
  void eachActorIsFoldedSeparately() {
    pipe(statement("a", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"));
    pipe(statement("b", "pal-jonson", "ukraine-nato-membership", Stance.SUPPORT, "2025-02-13T10:00:00Z"));

    List<StanceChanged> emitted = changes.readValuesToList();
    assertEquals(List.of("pete-hegseth", "pal-jonson"), emitted.stream().map(StanceChanged::getActor).toList());
    assertEquals(List.of(1L, 1L), emitted.stream().map(StanceChanged::getSequence).toList());
    publishSnapshots();
    Map<String, ActorStances> published = latestSnapshots();
    assertEquals(Stance.SUPPORT, published.get("pal-jonson").getTopics().get(0).getCurrent().getStance());
    assertEquals(Stance.OPPOSE, published.get("pete-hegseth").getTopics().get(0).getCurrent().getStance());
  }

  @Test
  void reversalAfterSameLabelEmitsOnlyTheReversal() {
    pipe(statement("z1", "volodymyr-zelenskyy", "ukraine-russia-land-swap", Stance.OPPOSE, "2024-06-01T00:00:00Z"));
    pipe(statement("z2", "volodymyr-zelenskyy", "ukraine-russia-land-swap", Stance.OPPOSE, "2024-09-01T00:00:00Z"));
    pipe(statement("z3", "volodymyr-zelenskyy", "ukraine-russia-land-swap", Stance.SUPPORT, "2025-02-11T00:00:00Z"));

    List<StanceChanged> emitted = changes.readValuesToList();
    assertEquals(List.of("z1", "z3"), emitted.stream().map(StanceChanged::getCauseStatementId).toList());
    assertEquals(Stance.OPPOSE, emitted.get(1).getPreviousStance());
  }

  @Test
  void lateOlderStatementUpdatesTheSnapshotButEmitsNoChange() {
    pipe(statement("new", "keir-giles", "ceasefire", Stance.OPPOSE, "2025-02-13T00:00:00Z"));
    pipe(statement("old", "keir-giles", "ceasefire", Stance.SUPPORT, "2025-01-01T00:00:00Z"));

    assertEquals(1, changes.readValuesToList().size());
    TopicStance latest = snapshotOf("keir-giles").getTopics().get(0);
    assertEquals(List.of("old", "new"), latest.getHistory().stream().map(h -> h.getStatementId()).toList());
    assertEquals("new", latest.getCurrent().getStatementId());
  }

  @Test
  void duplicateStatementIdChangesNothingButRepublishesTheSnapshotAsProgress() {
    pipe(statement("dup", "kremlin", "ukraine-russia-land-swap", Stance.OPPOSE, "2025-02-12T00:00:00Z"));
    changes.readValuesToList();
    ActorStances before = snapshotOf("kremlin");

    pipe(statement("dup", "kremlin", "ceasefire", Stance.SUPPORT, "2025-02-14T00:00:00Z"));
    pipe(statement("dup", "kremlin", "ukraine-russia-land-swap", Stance.SUPPORT, "2025-02-14T00:00:00Z"));
    publishSnapshots();

    assertTrue(changes.isEmpty());
    TestRecord<String, ActorStances> again = snapshots.readRecord();
    assertEquals(before, again.value());
    assertEquals(Optional.of(new FoldProgress.Position(0, 2)), FoldProgress.folded(again.headers()));
    assertEquals(1, again.value().getTopics().get(0).getHistory().size());
  }

  @Test
  void statementOnABlocsBehalfIsFoldedIntoTheBlocViaTheSpeaker() {
    pipe(statement("us-own", "united-states", "ukraine-nato-membership", Stance.NEUTRAL, "2024-12-01T00:00:00Z"));
    pipe(onBehalfOf(statement("h-1", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"),
        "united-states"));

    List<StanceChanged> emitted = changes.readValuesToList();
    assertEquals(List.of("united-states:null->NEUTRAL via null", "pete-hegseth:null->OPPOSE via null",
        "united-states:NEUTRAL->OPPOSE via pete-hegseth"), emitted.stream()
        .map(c -> c.getActor() + ":" + c.getPreviousStance() + "->" + c.getNewStance() + " via " + c.getVia()).toList());
    publishSnapshots();
    Map<String, ActorStances> published = latestSnapshots();
    TopicStance us = published.get("united-states").getTopics().get(0);
    assertEquals("pete-hegseth", us.getCurrent().getVia());
    assertEquals(2, us.getCurrent().getStatements());
    assertEquals("united-states", published.get("pete-hegseth").getTopics().get(0).getHistory().get(0).getOnBehalfOf());
  }

  @Test
  void retractionWithdrawsTheStatementFromSpeakerAndBloc() {
    pipe(onBehalfOf(statement("h-1", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"),
        "united-states"));
    pipe(statement("h-0", "pete-hegseth", "ukraine-nato-membership", Stance.SUPPORT, "2025-01-01T10:00:00Z"));
    changes.readValuesToList();

    retract("h-1", "pete-hegseth", "ukraine-nato-membership");

    List<StanceChanged> emitted = changes.readValuesToList();
    assertEquals(List.of("pete-hegseth:OPPOSE->SUPPORT", "united-states:OPPOSE->null"), emitted.stream()
        .map(c -> c.getActor() + ":" + c.getPreviousStance() + "->" + c.getNewStance()).toList());
    assertTrue(emitted.stream().allMatch(c -> c.getCause() == ChangeCause.RETRACTION && c.getCauseStatementId().equals("h-1")));
    TopicStance us = snapshotOf("united-states").getTopics().get(0);
    assertNull(us.getCurrent());
    assertTrue(us.getHistory().get(0).getRetracted(), "history keeps the retracted statement");
  }

  @Test
  void retractionOfAnUnknownStatementChangesNothing() {
    pipe(statement("k-1", "kremlin", "ukraine-russia-land-swap", Stance.OPPOSE, "2025-02-12T00:00:00Z"));
    changes.readValuesToList();
    ActorStances before = snapshotOf("kremlin");

    retract("k-404", "kremlin", "ukraine-russia-land-swap");
    publishSnapshots();

    assertTrue(changes.isEmpty());
    assertEquals(List.of(before), snapshots.readValuesToList());
  }

  @Test
  void retractionByAnUnknownActorPublishesATombstoneAsProgress() {
    retract("k-404", "nobody", "ukraine-russia-land-swap");
    publishSnapshots();

    TestRecord<String, ActorStances> tombstone = snapshots.readRecord();
    assertEquals("nobody", tombstone.key());
    assertNull(tombstone.value());
    assertEquals(Optional.of(new FoldProgress.Position(0, 0)), FoldProgress.folded(tombstone.headers()));
    assertTrue(snapshots.isEmpty());
  }

  @Test
  void everyOutputNamesItsLogPositionAndABlocStatementMarksItsRelay() {
    pipe(statement("k-1", "kremlin", "ukraine-russia-land-swap", Stance.OPPOSE, "2025-02-12T00:00:00Z"));
    pipe(onBehalfOf(statement("h-1", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"),
        "united-states"));
    publishSnapshots();

    assertEquals(List.of("kremlin folded 0:0 pending [] done []", "pete-hegseth folded 0:1 pending [0:1] done []",
        "united-states folded 0:1 pending [] done [0:1]"), progress(snapshots.readRecordsToList()));
    assertEquals(List.of(new FoldProgress.Position(0, 0), new FoldProgress.Position(0, 1), new FoldProgress.Position(0, 1)),
        changes.readRecordsToList().stream().map(r -> FoldProgress.source(r.headers()).orElseThrow()).toList());
  }

  @Test
  void eachSnapshotSaysHowFarTheLogIsFoldedOnceItAndThoseBeforeItAreRead() {
    pipe(statement("a-1", "kremlin", "ceasefire", Stance.OPPOSE, "2025-02-12T00:00:00Z"));
    pipe(statement("b-1", "pal-jonson", "ceasefire", Stance.SUPPORT, "2025-02-12T00:00:00Z"));
    pipe(statement("a-2", "kremlin", "ukraine-russia-land-swap", Stance.OPPOSE, "2025-02-12T00:00:00Z"));
    pipe(statement("c-1", "keir-giles", "ceasefire", Stance.SUPPORT, "2025-02-12T00:00:00Z"));
    publishSnapshots();
    pipe(statement("b-2", "pal-jonson", "ukraine-russia-land-swap", Stance.SUPPORT, "2025-02-12T00:00:00Z"));
    publishSnapshots();

    // pal-jonson's statement at offset 1 is only in its snapshot, so kremlin's (offsets 0 and 2) covers 0.
    assertEquals(List.of("kremlin folded 0:0 pending [] done []", "pal-jonson folded 0:2 pending [] done []",
            "keir-giles folded 0:3 pending [] done []", "pal-jonson folded 0:4 pending [] done []"),
        progress(snapshots.readRecordsToList()));
  }

  @Test
  void batchOfStatementsFoldsLikeTheSameStatementsOneByOne() {
    List<Statement> batch = List.of(
        statement("b-1", "donald-trump", "us-troops-in-ukraine", Stance.OPPOSE, "2025-02-10T00:00:00Z"),
        onBehalfOf(statement("b-2", "keith-kellogg", "us-troops-in-ukraine", Stance.OPPOSE, "2025-02-11T00:00:00Z"),
            "united-states"),
        statement("b-3", "donald-trump", "us-troops-in-ukraine", Stance.OPPOSE, "2025-02-09T00:00:00Z"),
        statement("b-4", "donald-trump", "ceasefire", Stance.SUPPORT, "2025-02-12T00:00:00Z"));
    statements.pipeRecordList(batch.stream().map(s -> new org.apache.kafka.streams.test.TestRecord<>(
        s.getActor(), new StatementEvent(s), LOGGED)).toList());

    assertEquals(List.of("donald-trump/us-troops-in-ukraine", "united-states/us-troops-in-ukraine",
            "keith-kellogg/us-troops-in-ukraine", "donald-trump/ceasefire").stream().sorted().toList(),
        changes.readValuesToList().stream().map(c -> c.getActor() + "/" + c.getTopic()).sorted().toList());
    assertEquals(2, snapshotOf("donald-trump").getTopics().stream()
        .filter(t -> t.getTopic().equals("us-troops-in-ukraine")).findFirst().orElseThrow().getCurrent().getStatements());
  }

  @Test
  void garbageGoesAsReceivedToTheDeadLetterTopicAndTheFoldGoesOn() {
    byte[] garbage = {(byte) 0xC3, 0x01, 0x2A};
    Headers received = new RecordHeaders().add("traceparent", bytes("00-abc-01"));
    rawStatements.pipeInput(new TestRecord<>(bytes("pete-hegseth"), garbage, received, LOGGED));
    pipe(statement("h-1", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"));

    TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
    assertArrayEquals(bytes("pete-hegseth"), letter.key());
    assertArrayEquals(garbage, letter.value());
    assertEquals(LOGGED, letter.getRecordTime());
    assertEquals(List.of(
            "traceparent=00-abc-01",
            DeadLetters.ERROR + "=org.apache.kafka.common.errors.SerializationException",
            DeadLetters.ERROR_MESSAGE + "=Not a valid Avro single-object encoded value: Not enough header bytes",
            DeadLetters.TOPIC + "=stancewatch.statements",
            DeadLetters.PARTITION + "=0",
            DeadLetters.OFFSET + "=0"),
        texts(letter.headers()));
    assertTrue(deadLetters.isEmpty());

    assertEquals(List.of("h-1"), changes.readValuesToList().stream().map(StanceChanged::getCauseStatementId).toList());
    publishSnapshots();
    assertEquals(List.of(Optional.of(new FoldProgress.Position(0, 1))),
        snapshots.readRecordsToList().stream().map(r -> FoldProgress.folded(r.headers())).toList(),
        "the dead letter publishes no snapshot; the statement after it does");
  }

  @Test
  void noValueAnotherSchemaAndAKeyOtherThanTheSpeakerAreDeadLetters() {
    StatementEvent event = new StatementEvent(
        statement("h-1", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"));
    byte[] encoded = Topics.STATEMENTS.valueSerde().serializer().serialize(Topics.STATEMENTS.name(), event);
    StanceChanged change = StanceChanged.newBuilder().setActor("pete-hegseth").setTopic("ceasefire")
        .setNewStance(Stance.SUPPORT).setNewPosition(1.0).setCauseStatementId("x").setCause(ChangeCause.STATEMENT)
        .setOccurredAt(LOGGED).setDetectedAt(LOGGED).setSequence(1).build();
    byte[] otherSchema = Topics.STANCE_CHANGES.valueSerde().serializer().serialize(Topics.STANCE_CHANGES.name(), change);

    rawStatements.pipeInput(bytes("pete-hegseth"), null, LOGGED);
    rawStatements.pipeInput(bytes("pete-hegseth"), otherSchema, LOGGED);
    rawStatements.pipeInput(bytes("pal-jonson"), encoded, LOGGED);
    rawStatements.pipeInput(null, encoded, LOGGED);

    List<TestRecord<byte[], byte[]>> letters = deadLetters.readRecordsToList();
    assertEquals(List.of(
            "0 No value: every record of the statement log holds a StatementEvent",
            "1 Not a valid Avro single-object encoded value: Found io.stancewatch.events.StanceChanged, expecting "
                + "io.stancewatch.events.StatementEvent, missing required field payload",
            "2 The key is not the slug of the speaker, 'pete-hegseth'",
            "3 The key is not the slug of the speaker, 'pete-hegseth'"),
        letters.stream().map(r -> text(r.headers(), DeadLetters.OFFSET) + " " + text(r.headers(), DeadLetters.ERROR_MESSAGE))
            .toList());
    assertArrayEquals(otherSchema, letters.get(1).value());
    assertArrayEquals(bytes("pal-jonson"), letters.get(2).key());
    assertNull(letters.get(3).key());
    assertTrue(changes.isEmpty());
    publishSnapshots();
    assertTrue(snapshots.isEmpty());
  }

  /** Lets the snapshot interval pass, so the snapshots due are published. */
  private void publishSnapshots() {
    driver.advanceWallClockTime(SNAPSHOT_INTERVAL);
  }

  /** The latest snapshot of each actor published so far, reading them all. */
  private Map<String, ActorStances> latestSnapshots() {
    Map<String, ActorStances> latest = new HashMap<>();
    snapshots.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
    return latest;
  }

  private ActorStances snapshotOf(String actor) {
    publishSnapshots();
    return latestSnapshots().get(actor);
  }

  private static List<String> progress(List<TestRecord<String, ActorStances>> published) {
    return published.stream().map(r -> r.key() + " folded "
        + FoldProgress.folded(r.headers()).map(Object::toString).orElse("-")
        + " pending " + FoldProgress.relaysPending(r.headers()) + " done " + FoldProgress.relaysDone(r.headers())).toList();
  }

  private void retract(String id, String actor, String topic) {
    statements.pipeInput(actor, new StatementEvent(Retraction.newBuilder().setStatementId(id).setActor(actor)
        .setTopic(topic).build()), LOGGED);
  }

  private static Statement onBehalfOf(Statement statement, String bloc) {
    return Statement.newBuilder(statement).setOnBehalfOf(bloc).build();
  }

  private void pipe(Statement statement) {
    statements.pipeInput(statement.getActor(), new StatementEvent(statement), LOGGED);
  }

  private static Statement statement(String id, String actor, String topic, Stance stance, String occurredAt) {
    return Statement.newBuilder()
        .setStatementId(id).setActor(actor)
        .setActorName(actor.equals("pete-hegseth") ? "Pete Hegseth" : null)
        .setActorKind(actor.equals("pete-hegseth") ? ActorKind.PERSON : null)
        .setTopic(topic).setStance(stance).setStrength(1.0)
        .setOccurredAt(Instant.parse(occurredAt)).build();
  }

  private static List<String> texts(Headers headers) {
    return Arrays.stream(headers.toArray()).map(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)).toList();
  }

  private static String text(Headers headers, String key) {
    return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
