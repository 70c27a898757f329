package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.domain.AsOf;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.HistoryKey;
import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.PairHistory;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * For any log of statements and retractions, the RocksDB history of every pair answers each
 * question of {@link PairHistory}, and {@link AsOf} over it, as the fold's in-memory history does.
 */
class HistoryStorePropertyTest {

  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  /** "a" is a prefix of "ab": a pair's history must hold none of another pair's whose slug it prefixes. */
  private static final List<String> ACTORS = List.of("a", "ab", "b");
  private static final List<String> TOPICS = List.of("t", "t-2");
  /** One directory for every try: opening the database wipes what the previous try left, as at each start. */
  private static final Path DIRECTORY = Path.of("target", "history-store-property");

  /** An entry of the log: a statement, or a retraction. */
  sealed interface Entry permits Said, Retracted {}

  /** A statement made {@code day} days after START: few distinct dates, so ties broken by statement id are common. */
  record Said(String actor, String topic, Stance stance, int day) implements Entry {}

  /** The retraction of a statement said before it, the {@code victim}-th counted round; nothing when none was. */
  record Retracted(int victim) implements Entry {}

  @Provide
  Arbitrary<List<Entry>> logs() {
    Arbitrary<Entry> said = Combinators.combine(Arbitraries.of(ACTORS), Arbitraries.of(TOPICS),
        Arbitraries.of(Stance.class), Arbitraries.integers().between(0, 9)).as(Said::new);
    Arbitrary<Entry> retracted = Arbitraries.integers().between(0, 59).map(Retracted::new);
    return Arbitraries.frequencyOf(Tuple.of(4, said), Tuple.of(1, retracted)).list().ofMaxSize(60);
  }

  @Property(tries = 50)
  void answersAsTheFoldsOwnHistory(@ForAll("logs") List<Entry> log) {
    LogFold fold = fold(log);
    try (ViewDatabase database = new ViewDatabase(DIRECTORY)) {
      database.open();
      HistoryStore store = new HistoryStore(database);
      // Every history record as stance-service publishes it.
      try (ViewDatabase.Batch batch = database.batch()) {
        fold.history().values().forEach(entry -> store.put(batch, entry,
            Topics.STANCE_HISTORY.valueSerde().serializer().serialize(Topics.STANCE_HISTORY.name(), entry)));
        batch.write();
      }

      for (String actor : ACTORS) {
        for (String topic : TOPICS) {
          PairHistory expected = fold.state().history(actor, topic);
          PairHistory actual = store.pair(actor, topic);
          List<HistoryKey> probes = probes(fold.state().historyOf(actor, topic));
          for (HistoryKey key : probes) {
            String at = actor + "/" + topic + " at " + key;
            assertEquals(expected.get(key), actual.get(key), at);
            assertEquals(expected.previous(key), actual.previous(key), at);
            assertEquals(expected.next(key), actual.next(key), at);
            assertEquals(list(expected.newestFirst(key)), list(actual.newestFirst(key)), at);
            assertEquals(list(expected.oldestFirst(key)), list(actual.oldestFirst(key)), at);
          }
          for (PairSummary now : fold.state().summaries()) {
            if (now.actor().equals(actor) && now.topic().equals(topic)) {
              for (HistoryKey key : probes) {
                Instant t = key.occurredAt();
                assertEquals(AsOf.stance(now, expected, t), AsOf.stance(now, actual, t), now + " as of " + t);
              }
            }
          }
        }
      }
    }
  }

  /** Folds the log; statement ids are the entries' indexes, so "s1" sorts before "s10" and "s2". */
  private static LogFold fold(List<Entry> log) {
    LogFold fold = new LogFold();
    List<Statement> said = new ArrayList<>();
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i) instanceof Said s) {
        Statement statement = Statement.newBuilder().setStatementId("s" + i).setActor(s.actor()).setTopic(s.topic())
            .setStance(s.stance()).setStrength(0.5).setQuote("quote s" + i)
            .setOccurredAt(START.plusSeconds(86_400L * s.day())).build();
        said.add(statement);
        fold.apply(new StatementEvent(statement), START);
      } else if (log.get(i) instanceof Retracted r && !said.isEmpty()) {
        // Any statement said so far, one retracted already too.
        Statement victim = said.get(r.victim() % said.size());
        fold.apply(new StatementEvent(Retraction.newBuilder().setStatementId(victim.getStatementId())
            .setActor(victim.getActor()).setTopic(victim.getTopic()).build()), START);
      }
    }
    return fold;
  }

  /** Every statement's key and date, keys between them (its id and one more digit), and keys before and after all. */
  private static List<HistoryKey> probes(List<HistoryItem> items) {
    List<HistoryKey> probes = new ArrayList<>(List.of(new HistoryKey(START.minusSeconds(1), ""),
        new HistoryKey(START.plusSeconds(86_400 * 30), "")));
    for (HistoryItem item : items) {
      probes.add(item.key());
      probes.add(HistoryKey.after(item.occurredAt()));
      for (int digit = 0; digit < 3; digit++) {
        probes.add(new HistoryKey(item.occurredAt(), item.statementId() + digit));
      }
    }
    return probes;
  }

  private static List<HistoryItem> list(Stream<HistoryItem> stream) {
    try (stream) {
      return stream.toList();
    }
  }
}
