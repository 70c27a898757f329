package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The change log in RocksDB: newest first for pages, in topic order for streams. */
class ChangeLogViewTest {

  private static final List<String> ACTORS = List.of("a", "ab", "b");
  private static final List<String> TOPICS = List.of("t", "t-2");

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
  void pagesFilterAndFollowEachOtherAsTheInMemoryOrderDoesForRandomLogs() {
    for (int run = 1; run <= 10; run++) {
      Random random = new Random(run);
      List<StanceChanged> log = new ArrayList<>();
      try (ViewDatabase.Batch batch = database.batch()) {
        for (int offset = 0; offset < 200; offset++) {
          // Few distinct dates and sequences, so ties broken by actor, topic and sequence are common.
          StanceChanged change = change(pick(random, ACTORS), pick(random, TOPICS), random.nextInt(4),
              Instant.parse("2025-02-12T10:00:00Z").plusMillis(random.nextInt(5) * 500L));
          log.add(change);
          put(batch, change, random.nextInt(3), offset);
        }
        batch.write();
      }
      List<ChangeLogView.Key> expectedOrder = log.stream().map(ChangeLogView.Key::of).distinct()
          .sorted(ChangeLogView.Key.NEWEST_FIRST).toList();
      for (String actor : Arrays.asList(null, "a", "ab", "b", "c")) {
        for (String topic : Arrays.asList(null, "t", "t-2")) {
          Predicate<ChangeLogView.Key> only = k -> (actor == null || actor.equals(k.actor()))
              && (topic == null || topic.equals(k.topic()));
          String at = run + " " + actor + "/" + topic;
          List<ChangeLogView.Key> expected = expectedOrder.stream().filter(only).toList();
          List<ChangeLogView.Key> paged = new ArrayList<>();
          ChangeLogView.Key after = null;
          for (List<ChangeLogView.Entry> page = view.latest(actor, topic, null, 7); !page.isEmpty();
              page = view.latest(actor, topic, after, 7)) {
            page.forEach(e -> paged.add(e.key()));
            after = page.get(page.size() - 1).key();
          }
          assertEquals(expected, paged, at);
          // A cursor of another list still starts right after its key.
          ChangeLogView.Key foreign = pick(random, expectedOrder);
          assertEquals(expected.stream().filter(k -> ChangeLogView.Key.NEWEST_FIRST.compare(k, foreign) > 0).toList(),
              view.latest(actor, topic, foreign, 1000).stream().map(ChangeLogView.Entry::key).toList(), at + " after " + foreign);
        }
      }
      database.close();
      open();
    }
  }

  @Test
  void keysSortBytewiseAsNewestFirstAndDecodeToThemselves() {
    Random random = new Random(7);
    List<ChangeLogView.Key> keys = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      keys.add(new ChangeLogView.Key(Instant.ofEpochSecond(random.nextInt(5) - 2, random.nextInt(3) * 400_000_000L),
          pick(random, ACTORS), pick(random, TOPICS), random.nextInt(5) - 1));
    }
    keys.add(new ChangeLogView.Key(Instant.MIN, "a", "t", Long.MIN_VALUE));
    keys.add(new ChangeLogView.Key(Instant.MAX, "ab", "t-2", Long.MAX_VALUE));
    Comparator<ChangeLogView.Key> bytewise = Comparator.comparing(ChangeLogView.Key::encode, Arrays::compareUnsigned);

    assertEquals(keys.stream().sorted(ChangeLogView.Key.NEWEST_FIRST).toList(), keys.stream().sorted(bytewise).toList());
    keys.forEach(k -> assertEquals(k, ChangeLogView.Key.decode(k.encode(), 0)));
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

  private static <T> T pick(Random random, List<T> from) {
    return from.get(random.nextInt(from.size()));
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
