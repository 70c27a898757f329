package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.events.StanceChanged;
import io.stancewatch.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The change log in RocksDB, for any log: its keys' bytes sort as {@link ChangeLogView.Key#NEWEST_FIRST}
 * does, and its pages, filtered or not, follow each other in that order.
 */
class ChangeLogViewPropertyTest {

  /** "a" is a prefix of "ab", so an actor's keys must not run into the next actor's. */
  private static final List<String> ACTORS = List.of("a", "ab", "b");
  private static final List<String> TOPICS = List.of("t", "t-2");
  private static final Instant T0 = Instant.parse("2025-02-12T10:00:00Z");
  /** One directory for every try: opening the database wipes what the previous try left. */
  private static final Path DIRECTORY = Path.of("target", "change-log-view-property");

  /**
   * A change read at {@code partition}; few distinct dates ({@code halfSeconds} after T0) and
   * sequences, so ties broken by actor, topic and sequence are common.
   */
  record Read(String actor, String topic, int sequence, int halfSeconds, int partition) {
    StanceChanged change() {
      return ChangeLogViewTest.change(actor, topic, sequence, T0.plusMillis(500L * halfSeconds));
    }
  }

  @Provide
  Arbitrary<List<Read>> logs() {
    return Combinators.combine(Arbitraries.of(ACTORS), Arbitraries.of(TOPICS), Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 2))
        .as(Read::new).list().ofMaxSize(200);
  }

  /** A key such a log may hold, or not: the cursor of another list. */
  @Provide
  Arbitrary<ChangeLogView.Key> cursors() {
    return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of(ACTORS), Arbitraries.of(TOPICS),
            Arbitraries.integers().between(0, 3))
        .as((halfSeconds, actor, topic, sequence) ->
            new ChangeLogView.Key(T0.plusMillis(500L * halfSeconds), actor, topic, sequence));
  }

  /** Any key, the extremes of its date and sequence included. */
  @Provide
  Arbitrary<ChangeLogView.Key> keys() {
    Arbitrary<Instant> dates = Arbitraries.oneOf(
        Combinators.combine(Arbitraries.longs().between(-2, 2), Arbitraries.integers().between(0, 2))
            .as((seconds, part) -> Instant.ofEpochSecond(seconds, part * 400_000_000L)),
        Arbitraries.of(Instant.MIN, Instant.MAX));
    Arbitrary<Long> sequences = Arbitraries.oneOf(Arbitraries.longs().between(-1, 3),
        Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE));
    return Combinators.combine(dates, Arbitraries.of(ACTORS), Arbitraries.of(TOPICS), sequences)
        .as(ChangeLogView.Key::new);
  }

  @Property(tries = 1000)
  void keysSortBytewiseAsNewestFirstAndDecodeToThemselves(@ForAll("keys") ChangeLogView.Key a,
      @ForAll("keys") ChangeLogView.Key b) {
    assertEquals(Integer.signum(ChangeLogView.Key.NEWEST_FIRST.compare(a, b)),
        Integer.signum(Arrays.compareUnsigned(a.encode(), b.encode())));
    assertEquals(a, ChangeLogView.Key.decode(a.encode(), 0));
  }

  @Property(tries = 40)
  void pagesFilterAndFollowEachOtherAsTheInMemoryOrderDoes(@ForAll("logs") List<Read> log,
      @ForAll("cursors") ChangeLogView.Key foreign) {
    try (ViewDatabase database = new ViewDatabase(DIRECTORY)) {
      database.open();
      ChangeLogView view = new ChangeLogView(database);
      try (ViewDatabase.Batch batch = database.batch()) {
        for (int offset = 0; offset < log.size(); offset++) {
          StanceChanged change = log.get(offset).change();
          view.put(batch, change,
              Topics.STANCE_CHANGES.valueSerde().serializer().serialize(Topics.STANCE_CHANGES.name(), change),
              log.get(offset).partition(), offset);
        }
        batch.write();
      }
      List<ChangeLogView.Key> newestFirst = log.stream().map(r -> ChangeLogView.Key.of(r.change())).distinct()
          .sorted(ChangeLogView.Key.NEWEST_FIRST).toList();

      for (String actor : Arrays.asList(null, "a", "ab", "b", "c")) {
        for (String topic : Arrays.asList(null, "t", "t-2")) {
          Predicate<ChangeLogView.Key> only = k -> (actor == null || actor.equals(k.actor()))
              && (topic == null || topic.equals(k.topic()));
          List<ChangeLogView.Key> expected = newestFirst.stream().filter(only).toList();
          assertEquals(expected, pages(view, actor, topic), actor + "/" + topic);
          // A cursor of another list still starts right after its key.
          assertEquals(expected.stream().filter(k -> ChangeLogView.Key.NEWEST_FIRST.compare(k, foreign) > 0).toList(),
              view.latest(actor, topic, foreign, 1000).stream().map(ChangeLogView.Entry::key).toList(),
              actor + "/" + topic + " after " + foreign);
        }
      }
    }
  }

  /** Every key of the list, following pages of 7; fails at the first key read twice rather than page on forever. */
  private static List<ChangeLogView.Key> pages(ChangeLogView view, String actor, String topic) {
    Set<ChangeLogView.Key> paged = new LinkedHashSet<>();
    ChangeLogView.Key after = null;
    for (List<ChangeLogView.Entry> page = view.latest(actor, topic, null, 7); !page.isEmpty();
        page = view.latest(actor, topic, after, 7)) {
      page.forEach(e -> assertTrue(paged.add(e.key()), "read again: " + e.key()));
      after = page.get(page.size() - 1).key();
    }
    return List.copyOf(paged);
  }
}
