package io.stancewatch.stance.fold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.events.ActorKind;
import io.stancewatch.events.ActorStances;
import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.CurrentStance;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.events.TopicStance;
import io.stancewatch.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StanceTopologyTest {

  private static final Instant LOGGED = Instant.parse("2025-02-13T08:00:00Z");

  private TopologyTestDriver driver;
  private TestInputTopic<String, StatementEvent> statements;
  private TestOutputTopic<String, StanceChanged> changes;
  private TestOutputTopic<String, ActorStances> snapshots;

  @BeforeEach
  void start() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "stance-topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(Path.of("target", "topology-test-state")).toString());
    driver = new TopologyTestDriver(StanceTopology.build(), props);
    statements = driver.createInputTopic(Topics.STATEMENTS.name(),
        Topics.STATEMENTS.keySerde().serializer(), Topics.STATEMENTS.valueSerde().serializer());
    changes = driver.createOutputTopic(Topics.STANCE_CHANGES.name(),
        Topics.STANCE_CHANGES.keySerde().deserializer(), Topics.STANCE_CHANGES.valueSerde().deserializer());
    snapshots = driver.createOutputTopic(Topics.ACTOR_STANCES.name(),
        Topics.ACTOR_STANCES.keySerde().deserializer(), Topics.ACTOR_STANCES.valueSerde().deserializer());
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

    var snapshot = snapshots.readKeyValue();
    assertEquals("pete-hegseth", snapshot.key);
    assertEquals("Pete Hegseth", snapshot.value.getName());
    assertEquals(ActorKind.PERSON, snapshot.value.getKind());
    CurrentStance current = snapshot.value.getTopics().get(0).getCurrent();
    assertEquals(Stance.OPPOSE, current.getStance());
    assertEquals("hegseth-1", current.getStatementId());
    assertEquals(1, current.getStatements());

    KeyValueStore<String, ActorStances> store = driver.getKeyValueStore(StanceTopology.ACTOR_STATE_STORE);
    assertEquals(snapshot.value, store.get("pete-hegseth"));
  }

  @Test
  void eachActorIsFoldedSeparately() {
    pipe(statement("a", "pete-hegseth", "ukraine-nato-membership", Stance.OPPOSE, "2025-02-12T10:00:00Z"));
    pipe(statement("b", "pal-jonson", "ukraine-nato-membership", Stance.SUPPORT, "2025-02-13T10:00:00Z"));

    List<StanceChanged> emitted = changes.readValuesToList();
    assertEquals(List.of("pete-hegseth", "pal-jonson"), emitted.stream().map(StanceChanged::getActor).toList());
    assertEquals(List.of(1L, 1L), emitted.stream().map(StanceChanged::getSequence).toList());
    KeyValueStore<String, ActorStances> store = driver.getKeyValueStore(StanceTopology.ACTOR_STATE_STORE);
    assertEquals(Stance.SUPPORT, store.get("pal-jonson").getTopics().get(0).getCurrent().getStance());
  }

  @Test
  void reversalAfterSameLabelEmitsOnlyTheReversal() {
    pipe(statement("z1", "volodymyr-zelenskyy", "ukraine-russia-land-swap", Stance.OPPOSE, "2024-06-01T00:00:00Z"));
    pipe(statement("z2", "volodymyr-zelenskyy", "ukraine-russia-land-swap", Stance.OPPOSE, "2024-09-01T00:00:00Z"));
    pipe(statement("z3", "volodymyr-zelenskyy", "ukraine-russia-land-swap", Stance.SUPPORT, "2025-02-11T00:00:00Z"));

    List<StanceChanged> emitted = changes.readValuesToList();
    assertEquals(List.of("z1", "z3"), emitted.stream().map(StanceChanged::getCauseStatementId).toList());
    assertEquals(Stance.OPPOSE, emitted.get(1).getPreviousStance());
    assertEquals(3, snapshots.readValuesToList().size(), "every statement that changed the state publishes a snapshot");
  }

  @Test
  void lateOlderStatementUpdatesTheSnapshotButEmitsNoChange() {
    pipe(statement("new", "keir-giles", "ceasefire", Stance.OPPOSE, "2025-02-13T00:00:00Z"));
    pipe(statement("old", "keir-giles", "ceasefire", Stance.SUPPORT, "2025-01-01T00:00:00Z"));

    assertEquals(1, changes.readValuesToList().size());
    List<ActorStances> published = snapshots.readValuesToList();
    TopicStance latest = published.get(published.size() - 1).getTopics().get(0);
    assertEquals(List.of("old", "new"), latest.getHistory().stream().map(h -> h.getStatementId()).toList());
    assertEquals("new", latest.getCurrent().getStatementId());
  }

  @Test
  void duplicateStatementIdPublishesNothing() {
    pipe(statement("dup", "kremlin", "ukraine-russia-land-swap", Stance.OPPOSE, "2025-02-12T00:00:00Z"));
    changes.readValuesToList();
    snapshots.readValuesToList();

    pipe(statement("dup", "kremlin", "ukraine-russia-land-swap", Stance.SUPPORT, "2025-02-14T00:00:00Z"));

    assertTrue(changes.isEmpty());
    assertTrue(snapshots.isEmpty());
    KeyValueStore<String, ActorStances> store = driver.getKeyValueStore(StanceTopology.ACTOR_STATE_STORE);
    assertEquals(1, store.get("kremlin").getTopics().get(0).getHistory().size());
  }

  @Test
  void unknownActorHasNoStoredState() {
    KeyValueStore<String, ActorStances> store = driver.getKeyValueStore(StanceTopology.ACTOR_STATE_STORE);
    assertNull(store.get("nobody"));
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
}
