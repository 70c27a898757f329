package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change log in RocksDB: newest first for pages, in topic order for streams. Its order and
 * paging for any log: {@link ChangeLogViewPropertyTest}.
 */
class ChangeLogViewTest {

  @TempDir
  Path directory;
  private ViewDatabase database;
  private ChangeLogView view;

  @BeforeEach
  void open() {
    database = new ViewDatabase(directory);
    database.open();
    view = new ChangeLogView(database);
  }

  @AfterEach
  void close() {
    database.close();
  }

  @Test
  void newestFirstWhateverTheArrivalOrder() {
    appendFour();

    assertEquals(List.of("b/nato/1", "c/ceasefire/1", "a/nato/2", "a/nato/1"), ids(view.latest(null, null, null, 10)));
    assertEquals(List.of("b/nato/1", "c/ceasefire/1"), ids(view.latest(null, null, null, 2)));
    assertEquals(List.of("a/nato/2", "a/nato/1"), ids(view.latest("a", null, null, 10)));
    assertEquals(List.of("b/nato/1", "a/nato/2", "a/nato/1"), ids(view.latest(null, "nato", null, 10)));
    assertEquals(List.of(), ids(view.latest("a", "ceasefire", null, 10)));
  }

  @Test
  void aPageStartsRightAfterTheKeyOfThePreviousPage() {
    appendFour();
    List<ChangeLogView.Entry> first = view.latest(null, null, null, 2);

    assertEquals(List.of("a/nato/2", "a/nato/1"), ids(view.latest(null, null, first.get(1).key(), 2)));
    assertEquals(List.of(), ids(view.latest(null, null, view.latest(null, null, null, 4).get(3).key(), 2)));
    assertEquals(List.of("a/nato/1"), ids(view.latest("a", null, view.latest("a", null, null, 1).get(0).key(), 2)));
  }

  @Test
  void readFromResumesEachPartitionAtItsOwnOffsetInTopicOrder() {
    appendFour();

    assertEquals(List.of("a/nato/1", "a/nato/2", "b/nato/1", "c/ceasefire/1"), ids(view.readFrom(p -> 0, 10)));
    assertEquals(List.of("a/nato/1", "a/nato/2"), ids(view.readFrom(p -> 0, 2)));
    assertEquals(List.of("a/nato/2", "c/ceasefire/1"), ids(view.readFrom(p -> Map.of(0, 1L, 1, 1L).getOrDefault(p, 0L), 10)));
    assertEquals(List.of(), ids(view.readFrom(p -> 2, 10)));
  }

  private void appendFour() {
    try (ViewDatabase.Batch batch = database.batch()) {
      put(batch, change("a", "nato", 1, Instant.parse("2025-02-12T10:00:00Z")), 0, 0);
      put(batch, change("b", "nato", 1, Instant.parse("2025-02-14T10:00:00Z")), 1, 0);
      put(batch, change("a", "nato", 2, Instant.parse("2025-02-13T10:00:00Z")), 0, 1);
      put(batch, change("c", "ceasefire", 1, Instant.parse("2025-02-13T10:00:00Z")), 2, 0);
      batch.write();
    }
  }

  private void put(ViewDatabase.Batch batch, StanceChanged change, int partition, long offset) {
    view.put(batch, change, Topics.STANCE_CHANGES.valueSerde().serializer().serialize(Topics.STANCE_CHANGES.name(), change),
        partition, offset);
  }

  private static List<String> ids(List<ChangeLogView.Entry> entries) {
    return entries.stream().map(ChangeLogView.Entry::change)
        .map(c -> c.getActor() + "/" + c.getTopic() + "/" + c.getSequence()).toList();
  }

  static StanceChanged change(String actor, String topic, long sequence, Instant detectedAt) {
    return StanceChanged.newBuilder().setActor(actor).setTopic(topic).setPreviousStance(null)
        .setNewStance(Stance.SUPPORT).setPreviousPosition(null).setNewPosition(1.0).setCauseStatementId(actor + sequence)
        .setCause(ChangeCause.STATEMENT).setOccurredAt(detectedAt).setDetectedAt(detectedAt)
        .setSequence(sequence).setVia(null).build();
  }
}
