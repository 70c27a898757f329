package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.HistoryKey;
import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.PairHistory;
import io.stancewatch.domain.Records;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RocksDB history: what a tombstone, a restart and a second instance do to it. That it
 * answers every question of {@link PairHistory} as the in-memory one does, for any log:
 * {@link HistoryStorePropertyTest}.
 */
class HistoryStoreTest {

  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final List<String> ACTORS = List.of("a", "ab", "b");
  private static final List<String> TOPICS = List.of("t", "t-2");

  @TempDir
  Path directory;
  private ViewDatabase database;
  private HistoryStore store;

  @BeforeEach
  void open() {
    openStore("history");
  }

  @AfterEach
  void close() {
    database.close();
  }

  private void openStore(String name) {
    database = new ViewDatabase(directory.resolve(name));
    database.open();
    store = new HistoryStore(database);
  }

  @Test
  void aTombstoneForgetsTheStatementItNames() {
    LogFold fold = new LogFold().apply(said("s-1", "a", "t", 0), START).apply(said("s-2", "a", "t", 1), START);
    write(fold);
    try (ViewDatabase.Batch batch = database.batch()) {
      store.delete(batch, "a", "t", "s-1");
      batch.write();
    }
    assertEquals(List.of("s-2"), list(store.pair("a", "t").oldestFirst(new HistoryKey(START.minusSeconds(1), "")))
        .stream().map(HistoryItem::statementId).toList());
  }

  @Test
  void aSecondInstanceOnTheSameDirectoryStopsRatherThanWipeALiveStore() {
    write(new LogFold().apply(said("s-1", "a", "t", 0), START));
    ViewDatabase second = new ViewDatabase(directory.resolve("history"));
    assertThrows(IllegalStateException.class, second::open);
    assertTrue(store.pair("a", "t").get(new HistoryKey(START, "s-1")).isPresent(), "the first store is intact");
  }

  @Test
  void aRestartStartsEmpty() {
    write(new LogFold().apply(said("s-1", "a", "t", 0), START));
    database.close();
    openStore("history");
    assertFalse(store.pair("a", "t").get(new HistoryKey(START, "s-1")).isPresent());
  }

  @Test
  void aPairsHistoryHoldsNoneOfAnotherPairsWhoseSlugItPrefixes() {
    write(new LogFold().apply(said("s-1", "ab", "t", 0), START).apply(said("s-2", "a", "t-2", 0), START));
    assertFalse(store.pair("a", "t").previous(new HistoryKey(START.plusSeconds(3600), "")).isPresent());
  }

  private void write(LogFold fold) {
    try (ViewDatabase.Batch batch = database.batch()) {
      for (String actor : ACTORS) {
        for (String topic : TOPICS) {
          for (HistoryItem item : fold.state().historyOf(actor, topic)) {
            var entry = Records.toAvro(actor, topic, item);
            store.put(batch, entry, Topics.STANCE_HISTORY.valueSerde().serializer().serialize(Topics.STANCE_HISTORY.name(), entry));
          }
        }
      }
      batch.write();
    }
  }

  private static List<HistoryItem> list(Stream<HistoryItem> stream) {
    try (stream) {
      return stream.toList();
    }
  }

  private static StatementEvent said(String id, String actor, String topic, int day) {
    Stance[] stances = Stance.values();
    return new StatementEvent(Statement.newBuilder().setStatementId(id).setActor(actor).setTopic(topic)
        .setStance(stances[Math.floorMod(id.hashCode(), stances.length)]).setStrength(0.5).setQuote("quote " + id)
        .setOccurredAt(START.plusSeconds(86_400L * day)).build());
  }
}
