package io.stancewatch.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.events.Retraction;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Arrival order does not matter (contract section 4): random statements, with ties on
 * occurredAt, statements on a bloc's behalf, re-sent duplicates and retractions, arriving in
 * random orders, always fold to what a simple reference says: per pair, sort the unretracted
 * statements by (occurredAt, statementId) and take the last.
 */
class StanceFoldPropertyTest {

  private static final List<String> SPEAKERS = List.of("pete-hegseth", "donald-trump", "united-states");
  private static final List<String> TOPICS = List.of("ukraine-nato-membership", "ceasefire");
  private static final Instant T0 = Instant.parse("2025-02-01T00:00:00Z");

  /** One generated statement; {@code retracted} ones are followed, some time later, by their retraction. */
  record Said(String actor, String onBehalfOf, String topic, Stance stance, int day, boolean retracted, boolean resent) {}

  @Provide
  Arbitrary<List<Said>> statements() {
    Arbitrary<Said> said = Combinators.combine(
        Arbitraries.of(SPEAKERS), Arbitraries.of(true, false, false), Arbitraries.of(TOPICS),
        Arbitraries.of(Stance.class), Arbitraries.integers().between(0, 4),
        Arbitraries.of(true, false, false, false), Arbitraries.of(true, false, false))
        .as((actor, forBloc, topic, stance, day, retracted, resent) -> new Said(actor,
            forBloc && !actor.equals("united-states") ? "united-states" : null, topic, stance, day, retracted, resent));
    return said.list().ofMinSize(1).ofMaxSize(40);
  }

  @Property(tries = 400)
  void anyArrivalOrderFoldsToTheReference(@ForAll("statements") List<Said> said, @ForAll Random random) {
    List<StatementEvent> log = arrival(said, random);
    LogFold fold = new LogFold();
    for (StatementEvent entry : log) {
      fold.apply(entry, T0);
      // After every event, every summary says what its whole history says.
      for (PairSummary summary : fold.state().summaries()) {
        assertEquals(wholeHistory(summary, fold.state().historyOf(summary.actor(), summary.topic())), summary,
            () -> "log: " + log);
      }
    }

    Map<String, Stance> expected = reference(said);
    Map<String, Stance> actual = new TreeMap<>();
    fold.state().summaries().stream().filter(PairSummary::hasCurrent)
        .forEach(p -> actual.put(p.actor() + "/" + p.topic(), p.current().stance()));
    assertEquals(expected, actual, () -> "log: " + log);

    // The changes tell the same story: each starts where the previous ended, the last ends at the current stance.
    Map<String, Stance> replayed = new TreeMap<>();
    Map<String, Long> sequences = new TreeMap<>();
    for (StanceChange change : fold.changes()) {
      String pair = change.actor() + "/" + change.topic();
      assertEquals(replayed.get(pair), change.previousStance(), pair);
      assertEquals(sequences.getOrDefault(pair, 0L) + 1, change.sequence(), pair);
      replayed.put(pair, change.newStance());
      sequences.put(pair, change.sequence());
    }
    replayed.values().removeIf(s -> s == null);
    assertEquals(expected, replayed);
  }

  /** The log as it may arrive: shuffled, each duplicate and retraction somewhere after its statement. */
  private static List<StatementEvent> arrival(List<Said> said, Random random) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < said.size(); i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    List<StatementEvent> log = new ArrayList<>();
    for (int i : order) {
      log.add(new StatementEvent(statement(said.get(i), i)));
    }
    for (int i : order) {
      Said s = said.get(i);
      int after = indexOf(log, "s" + i) + 1;
      if (s.resent()) {
        log.add(after + random.nextInt(log.size() - after + 1), new StatementEvent(statement(s, i)));
      }
      if (s.retracted()) {
        log.add(after + random.nextInt(log.size() - after + 1), new StatementEvent(Retraction.newBuilder()
            .setStatementId("s" + i).setActor(s.actor()).setTopic(s.topic()).build()));
      }
    }
    return log;
  }

  /**
   * The summary recomputed the simple way, from the whole history: the last unretracted
   * statement, and the first of the unbroken run of its label that ends with it.
   */
  private static PairSummary wholeHistory(PairSummary kept, List<HistoryItem> history) {
    List<HistoryItem> counted = history.stream().filter(h -> !h.retracted()).toList();
    if (counted.isEmpty()) {
      return new PairSummary(kept.actor(), kept.topic(), null, null, 0, kept.sequence());
    }
    HistoryItem latest = counted.get(counted.size() - 1);
    HistoryKey runStart = latest.key();
    for (int i = counted.size() - 1; i >= 0 && counted.get(i).stance() == latest.stance(); i--) {
      runStart = counted.get(i).key();
    }
    return new PairSummary(kept.actor(), kept.topic(), latest, runStart, counted.size(), kept.sequence());
  }

  private static Map<String, Stance> reference(List<Said> said) {
    Map<String, List<Integer>> byPair = new TreeMap<>();
    for (int i = 0; i < said.size(); i++) {
      Said s = said.get(i);
      if (!s.retracted()) {
        byPair.computeIfAbsent(s.actor() + "/" + s.topic(), k -> new ArrayList<>()).add(i);
        if (s.onBehalfOf() != null) {
          byPair.computeIfAbsent(s.onBehalfOf() + "/" + s.topic(), k -> new ArrayList<>()).add(i);
        }
      }
    }
    Map<String, Stance> current = new TreeMap<>();
    byPair.forEach((pair, ids) -> current.put(pair, said.get(ids.stream()
        .max(Comparator.<Integer, Integer>comparing(i -> said.get(i).day()).thenComparing(i -> "s" + i))
        .orElseThrow()).stance()));
    return current;
  }

  private static Statement statement(Said s, int i) {
    return Statement.newBuilder().setStatementId("s" + i).setActor(s.actor()).setOnBehalfOf(s.onBehalfOf())
        .setTopic(s.topic()).setStance(s.stance()).setStrength(1.0)
        .setOccurredAt(T0.plusSeconds(86_400L * s.day())).build();
  }

  private static int indexOf(List<StatementEvent> log, String id) {
    for (int i = 0; i < log.size(); i++) {
      if (log.get(i).getPayload() instanceof Statement st && st.getStatementId().equals(id)) {
        return i;
      }
    }
    throw new IllegalStateException(id);
  }
}
