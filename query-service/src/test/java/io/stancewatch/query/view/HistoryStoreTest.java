package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.domain.AsOf;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.HistoryKey;
import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.PairHistory;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.domain.Records;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The RocksDB history answers every question of {@link PairHistory} as the in-memory one does. */
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
  void answersAsTheFoldsOwnHistoryForRandomLogs() {
    for (int run = 1; run <= 20; run++) {
      long seed = run;
      // A store per log, as at each start.
      database.close();
      openStore("history-" + seed);
      Random random = new Random(seed);
      LogFold fold = randomLog(random, seed);
      for (String actor : ACTORS) {
        for (String topic : TOPICS) {
          PairHistory expected = fold.state().history(actor, topic);
          PairHistory actual = store.pair(actor, topic);
          List<HistoryItem> items = fold.state().historyOf(actor, topic);
          List<HistoryKey> probes = probes(random, items);
          for (HistoryKey key : probes) {
            String at = seed + " " + actor + "/" + topic + " at " + key;
            assertEquals(expected.get(key), actual.get(key), at);
            assertEquals(expected.previous(key), actual.previous(key), at);
            assertEquals(expected.next(key), actual.next(key), at);
            assertEquals(list(expected.newestFirst(key)), list(actual.newestFirst(key)), at);
            assertEquals(list(expected.oldestFirst(key)), list(actual.oldestFirst(key)), at);
          }
          fold.state().summaries().stream()
              .filter(s -> s.actor().equals(actor) && s.topic().equals(topic))
              .forEach(now -> {
                for (HistoryKey key : probes) {
                  Instant t = key.occurredAt();
                  assertEquals(AsOf.stance(now, expected, t), AsOf.stance(now, actual, t), seed + " " + now + " as of " + t);
                }
              });
        }
      }
    }
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

  /** Folds a random log into the store (every history item as stance-service publishes it) and returns the fold. */
  private LogFold randomLog(Random random, long seed) {
    LogFold fold = new LogFold();
    List<String[]> said = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      if (!said.isEmpty() && random.nextInt(5) == 0) {
        String[] victim = said.get(random.nextInt(said.size()));
        fold.apply(new StatementEvent(Retraction.newBuilder().setStatementId(victim[0]).setActor(victim[1])
            .setTopic(victim[2]).build()), START);
        continue;
      }
      String id = "s" + seed + "-" + i;
      String actor = ACTORS.get(random.nextInt(ACTORS.size()));
      String topic = TOPICS.get(random.nextInt(TOPICS.size()));
      // Few distinct dates, so ties broken by statement id are common.
      fold.apply(said(id, actor, topic, random.nextInt(10)), START);
      said.add(new String[] {id, actor, topic});
    }
    write(fold);
    return fold;
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

  /** Every statement's key and date, keys between them, and keys before and after all. */
  private static List<HistoryKey> probes(Random random, List<HistoryItem> items) {
    List<HistoryKey> probes = new ArrayList<>(List.of(new HistoryKey(START.minusSeconds(1), ""),
        new HistoryKey(START.plusSeconds(86_400 * 30), "")));
    for (HistoryItem item : items) {
      probes.add(item.key());
      probes.add(HistoryKey.after(item.occurredAt()));
      probes.add(new HistoryKey(item.occurredAt(), item.statementId() + random.nextInt(3)));
    }
    return probes;
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
