package io.stancewatch.stance.fold;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.Records;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.ActorProfile;
import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.events.PairStance;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.DeadLetters;
import io.stancewatch.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StanceTopologyTest {

  private static final Instant LOGGED = Instant.parse("2025-02-13T08:00:00Z");
  /** Small, so a test can send a statement over it; production's is 512 KiB. */
  private static final int MAX_STATEMENT_BYTES = 8 * 1024;

  private TopologyTestDriver driver;
  private TestInputTopic<String, StatementEvent> statements;
  private TestOutputTopic<String, StanceChanged> changes;
  private TestOutputTopic<String, PairStance> stances;
  private TestOutputTopic<String, HistoryEntry> history;
  private TestOutputTopic<String, ActorProfile> actors;
  /** The same log, written as bytes: records anyone could append, decodable or not. */
  private TestInputTopic<byte[], byte[]> rawStatements;
  private TestOutputTopic<byte[], byte[]> deadLetters;

  @BeforeEach
  void start() throws Exception {
    start(Stores::persistentKeyValueStore);
  }

  private void start(Function<String, KeyValueBytesStoreSupplier> stores) throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stance-topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(Path.of("target", "topology-test-state")).toString());
    driver = new TopologyTestDriver(StanceTopology.build(FoldListener.NONE, MAX_STATEMENT_BYTES, stores), props);
    statements = driver.createInputTopic(Topics.STATEMENTS.name(),
        Topics.STATEMENTS.keySerde().serializer(), Topics.STATEMENTS.valueSerde().serializer());
    changes = driver.createOutputTopic(Topics.STANCE_CHANGES.name(),
        Topics.STANCE_CHANGES.keySerde().deserializer(), Topics.STANCE_CHANGES.valueSerde().deserializer());
    stances = driver.createOutputTopic(Topics.STANCES.name(),
        Topics.STANCES.keySerde().deserializer(), Topics.STANCES.valueSerde().deserializer());
    history = driver.createOutputTopic(Topics.STANCE_HISTORY.name(),
        Topics.STANCE_HISTORY.keySerde().deserializer(), Topics.STANCE_HISTORY.valueSerde().deserializer());
    actors = driver.createOutputTopic(Topics.ACTORS.name(),
        Topics.ACTORS.keySerde().deserializer(), Topics.ACTORS.valueSerde().deserializer());
    rawStatements = driver.createInputTopic(Topics.STATEMENTS.name(), new ByteArraySerializer(), new ByteArraySerializer());
    deadLetters = driver.createOutputTopic(Topics.STATEMENTS_DLQ.name(),
        Topics.STATEMENTS_DLQ.keySerde().deserializer(), Topics.STATEMENTS_DLQ.valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void statementBecomesAChangeAPairStanceAHistoryEntryAndAProfile() {
    pipe(statement("hegseth-1", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"));

    assertEquals(StanceChanged.newBuilder()
        .setActor("pete-hegseth").setTopic("ukraine-nato-membership")
        .setPreviousStance(null).setNewStance(Stance.OPPOSE)
        .setPreviousPosition(null).setNewPosition(-1.0)
        .setCauseStatementId("hegseth-1").setCause(ChangeCause.STATEMENT)
        .setOccurredAt(Instant.parse("2025-02-12T10:00:00Z")).setDetectedAt(LOGGED)
        .setSequence(1).setVia(null).build(), changes.readValue());
    KeyValue<String, PairStance> stance = stances.readKeyValue();
    assertEquals("pete-hegseth/ukraine-nato-membership", stance.key);
    assertEquals(PairStance.newBuilder().setActor("pete-hegseth").setTopic("ukraine-nato-membership")
        .setStance(Stance.OPPOSE).setPosition(-1.0).setStrength(1.0)
        .setSince(Instant.parse("2025-02-12T10:00:00Z")).setSinceStatementId("hegseth-1")
        .setStatementId("hegseth-1").setOccurredAt(Instant.parse("2025-02-12T10:00:00Z")).setQuote("quote hegseth-1")
        .setStatements(1).setSequence(1).build(), stance.value);
    KeyValue<String, HistoryEntry> entry = history.readKeyValue();
    assertEquals("pete-hegseth/ukraine-nato-membership/hegseth-1", entry.key);
    assertEquals("quote hegseth-1", entry.value.getQuote());
    assertEquals(KeyValue.pair("pete-hegseth", new ActorProfile("pete-hegseth", "Pete Hegseth", ActorKind.PERSON)),
        actors.readKeyValue());
    assertTrue(changes.isEmpty() && stances.isEmpty() && history.isEmpty() && actors.isEmpty());
  }

  @Test
  void statementThatLeavesTheLabelRepublishesOnlyItsPairAndItsEntry() {
    pipe(statement("z1", "volodymyr-zelenskyy", "ukraine-russia-land-swap", Stance.OPPOSE, "2024-06-01T00:00:00Z"));
    pipe(statement("z2", "volodymyr-zelenskyy", "ceasefire", Stance.SUPPORT, "2024-07-01T00:00:00Z"));
    drain();

    pipe(statement("z3", "volodymyr-zelenskyy", "ukraine-russia-land-swap", Stance.OPPOSE, "2024-09-01T00:00:00Z"));

    assertTrue(changes.isEmpty());
    PairStance stance = stances.readValue();
    assertEquals("ukraine-russia-land-swap", stance.getTopic());
    assertEquals(2, stance.getStatements());
    assertEquals(Instant.parse("2024-06-01T00:00:00Z"), stance.getSince());
    assertEquals(List.of("z3"), history.readValuesToList().stream().map(HistoryEntry::getStatementId).toList());
    assertTrue(stances.isEmpty() && actors.isEmpty(), "no other pair, and no profile: nothing else changed");
  }

  @Test
  void duplicateStatementIdPublishesNothing() {
    pipe(statement("dup", "kremlin", "ukraine-russia-land-swap", Stance.OPPOSE, "2025-02-12T00:00:00Z"));
    drain();

    pipe(statement("dup", "kremlin", "ceasefire", Stance.SUPPORT, "2025-02-14T00:00:00Z"));
    pipe(statement("dup", "kremlin", "ukraine-russia-land-swap", Stance.SUPPORT, "2025-02-14T00:00:00Z"));
    retract("k-404", "kremlin", "ukraine-russia-land-swap");
    retract("k-404", "nobody", "ukraine-russia-land-swap");

    assertTrue(changes.isEmpty() && stances.isEmpty() && history.isEmpty() && actors.isEmpty());
  }

  @Test
  void statementOnABlocsBehalfIsFoldedIntoTheBlocViaTheSpeaker() {
    pipe(statement("us-own", "united-states", "ukraine-nato-membership", Stance.NEUTRAL, "2024-12-01T00:00:00Z"));
    pipe(onBehalfOf(statement("h-1", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"),
        "united-states"));

    assertEquals(List.of("united-states:null->NEUTRAL via null", "pete-hegseth:null->OPPOSE via null",
        "united-states:NEUTRAL->OPPOSE via pete-hegseth"), changes.readValuesToList().stream()
        .map(c -> c.getActor() + ":" + c.getPreviousStance() + "->" + c.getNewStance() + " via " + c.getVia()).toList());
    Map<String, PairStance> latest = latestStances();
    PairStance us = latest.get("united-states/ukraine-nato-membership");
    assertEquals("pete-hegseth", us.getVia());
    assertEquals(2, us.getStatements());
    Map<String, HistoryEntry> entries = latestHistory();
    assertEquals("united-states", entries.get("pete-hegseth/ukraine-nato-membership/h-1").getOnBehalfOf());
    assertEquals("pete-hegseth", entries.get("united-states/ukraine-nato-membership/h-1").getVia());
  }

  @Test
  void retractionWithdrawsTheStatementFromSpeakerAndBloc() {
    pipe(onBehalfOf(statement("h-1", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"),
        "united-states"));
    pipe(statement("h-0", "pete-hegseth", "ukraine-nato-membership", Stance.SUPPORT, "2025-01-01T10:00:00Z"));
    drain();

    retract("h-1", "pete-hegseth", "ukraine-nato-membership");

    List<StanceChanged> emitted = changes.readValuesToList();
    assertEquals(List.of("pete-hegseth:OPPOSE->SUPPORT", "united-states:OPPOSE->null"), emitted.stream()
        .map(c -> c.getActor() + ":" + c.getPreviousStance() + "->" + c.getNewStance()).toList());
    assertTrue(emitted.stream().allMatch(c -> c.getCause() == ChangeCause.RETRACTION && c.getCauseStatementId().equals("h-1")));
    PairStance us = latestStances().get("united-states/ukraine-nato-membership");
    assertNull(us.getStance());
    assertEquals(0, us.getStatements());
    List<HistoryEntry> republished = history.readValuesToList();
    assertEquals(2, republished.size());
    assertTrue(republished.stream().allMatch(HistoryEntry::getRetracted), "history keeps the retracted statement, marked");
  }

  @Test
  void publishedRecordsAndStoresEqualThePureFoldOfTheLog() {
    Random random = new Random(7);
    List<String> speakers = List.of("pete-hegseth", "donald-trump", "keith-kellogg");
    List<String> topics = List.of("ceasefire", "us-troops-in-ukraine", "ukraine-nato-membership");
    LogFold reference = new LogFold();
    List<StatementEvent> log = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      String actor = speakers.get(random.nextInt(speakers.size()));
      String topic = topics.get(random.nextInt(topics.size()));
      if (i > 0 && random.nextInt(6) == 0) {
        // Retract an earlier statement, sometimes one of another actor (no effect), sometimes twice.
        log.add(new StatementEvent(Retraction.newBuilder().setStatementId("s" + random.nextInt(i)).setActor(actor)
            .setTopic(topic).build()));
        continue;
      }
      Statement s = statement("s" + (random.nextInt(8) == 0 ? random.nextInt(i + 1) : i), actor, topic,
          Stance.values()[random.nextInt(3)], Instant.parse("2025-01-01T00:00:00Z").plusSeconds(3600L * random.nextInt(48))
              .toString());
      log.add(new StatementEvent(random.nextInt(4) == 0 && !actor.equals("keith-kellogg")
          ? onBehalfOf(s, "united-states") : s));
    }
    for (StatementEvent event : log) {
      statements.pipeInput(io.stancewatch.domain.StatementEvents.speaker(event), event, LOGGED);
      reference.apply(event, LOGGED);
    }

    Map<String, List<StanceChanged>> expectedChanges = new TreeMap<>();
    reference.changes().forEach(c -> expectedChanges.computeIfAbsent(c.actor() + "/" + c.topic(), k -> new ArrayList<>())
        .add(Records.toAvro(c)));
    Map<String, List<StanceChanged>> publishedChanges = new TreeMap<>();
    changes.readValuesToList().forEach(c -> publishedChanges.computeIfAbsent(c.getActor() + "/" + c.getTopic(),
        k -> new ArrayList<>()).add(c));
    assertEquals(expectedChanges, publishedChanges);
    assertEquals(reference.stances(), latestStances());
    assertEquals(reference.stances(), storeContents(StanceTopology.PAIR_SUMMARY_STORE));
    assertEquals(reference.history(), latestHistory());
  }

  @Test
  void aPairWithTenThousandStatementsKeepsEveryRecordTheSizeOfOneStatement() throws Exception {
    // In memory: the driver flushes every store after every record, which RocksDB turns into a file per record.
    driver.close();
    start(Stores::inMemoryKeyValueStore);
    String quote = "x".repeat(200);
    Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
    List<TestRecord<String, StatementEvent>> batch = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      // Runs of 100 of one label, so since moves; a few arrive late.
      Stance stance = (i / 100) % 2 == 0 ? Stance.SUPPORT : Stance.OPPOSE;
      int at = i % 997 == 0 && i > 0 ? i - 500 : i;
      Statement s = Statement.newBuilder(statement("p-" + i, "head-of-government", "budget", stance, "2020-01-01T00:00:00Z"))
          .setQuote(quote).setOccurredAt(t0.plusSeconds(3600L * at)).build();
      batch.add(new TestRecord<>(s.getActor(), new StatementEvent(s), LOGGED));
    }
    statements.pipeRecordList(batch);
    retract("p-3", "head-of-government", "budget");

    int largest = 0;
    for (TestRecord<String, PairStance> r : stances.readRecordsToList()) {
      largest = Math.max(largest, Topics.STANCES.valueSerde().serializer().serialize("t", r.value()).length);
    }
    for (TestRecord<String, HistoryEntry> r : history.readRecordsToList()) {
      largest = Math.max(largest, Topics.STANCE_HISTORY.valueSerde().serializer().serialize("t", r.value()).length);
    }
    assertTrue(largest < 1024, "largest output " + largest + " bytes");
    PairStance stance = latestStoreValue();
    assertEquals("p-9999", stance.getStatementId());
    assertEquals(Stance.OPPOSE, stance.getStance());
    assertEquals(t0.plusSeconds(3600L * 9900), stance.getSince());
    assertEquals(9_999, stance.getStatements());
    assertEquals(100, stance.getSequence(), "one change per run of 100");
  }

  @Test
  void statementTooLargeToFoldGoesToTheDeadLetterTopicAndTheFoldGoesOn() {
    Statement huge = Statement.newBuilder(statement("big-1", "pete-hegseth", "ceasefire", Stance.SUPPORT,
        "2025-02-12T10:00:00Z")).setQuote("q".repeat(MAX_STATEMENT_BYTES)).build();
    pipe(huge);
    pipe(statement("k-1", "kremlin", "ceasefire", Stance.OPPOSE, "2025-02-12T11:00:00Z"));

    TestRecord<byte[], byte[]> letter = deadLetters.readRecord();
    assertArrayEquals(bytes("pete-hegseth"), letter.key());
    assertEquals(new StatementEvent(huge),
        Topics.STATEMENTS.valueSerde().deserializer().deserialize("t", letter.value()), "kept as received");
    assertEquals("org.apache.kafka.common.errors.RecordTooLargeException", text(letter.headers(), DeadLetters.ERROR));
    assertTrue(text(letter.headers(), DeadLetters.ERROR_MESSAGE).contains("stancewatch.fold.max-statement-bytes"));
    assertEquals(List.of("kremlin"), changes.readValuesToList().stream().map(StanceChanged::getActor).toList());
    assertNull(store(StanceTopology.PAIR_SUMMARY_STORE).get("pete-hegseth/ceasefire"), "nothing of it was folded");
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
    assertTrue(stances.isEmpty());
  }

  private void drain() {
    changes.readRecordsToList();
    stances.readRecordsToList();
    history.readRecordsToList();
    actors.readRecordsToList();
  }

  private Map<String, PairStance> latestStances() {
    Map<String, PairStance> latest = new TreeMap<>();
    stances.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
    return latest;
  }

  private Map<String, HistoryEntry> latestHistory() {
    Map<String, HistoryEntry> latest = new TreeMap<>();
    history.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
    return latest;
  }

  private PairStance latestStoreValue() {
    return store(StanceTopology.PAIR_SUMMARY_STORE).get("head-of-government/budget");
  }

  private KeyValueStore<String, PairStance> store(String name) {
    return driver.getKeyValueStore(name);
  }

  private Map<String, PairStance> storeContents(String name) {
    Map<String, PairStance> contents = new TreeMap<>();
    try (KeyValueIterator<String, PairStance> it = store(name).all()) {
      it.forEachRemaining(kv -> contents.put(kv.key, kv.value));
    }
    return contents;
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
        .setTopic(topic).setStance(stance).setStrength(1.0).setQuote("quote " + id)
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
