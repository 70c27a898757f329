package io.stancewatch.query.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.http.sse.Event;
import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.query.view.ChangeLogFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/** Streams over a change log longer than a page: every change once, in topic order per partition, from any position. */
class ChangeStreamTest {

  private static final int PARTITIONS = 3;
  /** Each partition's changes: more, over all, than a subscriber reads from the log at a time. */
  private static final int PER_PARTITION = 300;

  @TempDir
  Path directory;
  private ChangeLogFixture log;
  private ChangeStream stream;

  @BeforeEach
  void open() {
    log = new ChangeLogFixture(directory);
    // A heartbeat that is never due but at the start.
    stream = new ChangeStream(log.view(), Duration.ofHours(1), new SimpleMeterRegistry());
    for (long offset = 0; offset < PER_PARTITION; offset++) {
      for (int partition = 0; partition < PARTITIONS; partition++) {
        log.append(change(partition, offset), partition, offset);
      }
    }
  }

  @AfterEach
  void close() {
    log.close();
  }

  @Test
  void aNewStreamSendsTheWholeLogOnceEachPartitionInOrder() {
    List<Event<?>> events = first(PARTITIONS * PER_PARTITION, c -> true, null);

    assertEquals(IntStream.range(0, PARTITIONS).boxed()
            .flatMap(p -> IntStream.range(0, PER_PARTITION).mapToObj(o -> p + "@" + o)).toList(),
        events.stream().map(ChangeStreamTest::position).toList());
    assertEquals("0-300.1-300.2-300", events.get(events.size() - 1).getId());
  }

  @Test
  void aStreamResumesRightAfterTheLastEventId() {
    List<Event<?>> events = first(PARTITIONS * PER_PARTITION, c -> true, null);
    Event<?> middle = events.get(PER_PARTITION + 10);

    assertEquals(events.subList(PER_PARTITION + 11, events.size()).stream().map(ChangeStreamTest::position).toList(),
        first(2 * PER_PARTITION - 11, c -> true, middle.getId()).stream().map(ChangeStreamTest::position).toList());
  }

  @Test
  void aFilteredStreamSkipsPagesWithoutMatchesThenFollowsLive() throws InterruptedException {
    BlockingQueue<Event<?>> received = new LinkedBlockingQueue<>();
    Disposable subscription = stream.follow(c -> c.getActor().equals("late"), null, false, c -> c)
        .filter(e -> e.getComment() == null)
        .subscribe(received::add);
    try {
      log.append(late(), 1, PER_PARTITION);

      Event<?> live = received.poll(10, TimeUnit.SECONDS);
      assertEquals("1@" + PER_PARTITION, position(live));
      assertEquals("0-300.1-301.2-300", live.getId());
    } finally {
      subscription.dispose();
    }
  }

  @Test
  void aStreamFromTheEndSendsOnlyTheChangesReadAfterIt() throws InterruptedException {
    BlockingQueue<Event<?>> received = new LinkedBlockingQueue<>();
    Disposable subscription = stream.follow(c -> true, null, true, c -> c)
        .filter(e -> e.getComment() == null)
        .subscribe(received::add);
    try {
      log.append(late(), 1, PER_PARTITION);

      Event<?> first = received.poll(10, TimeUnit.SECONDS);
      assertEquals("1@" + PER_PARTITION, position(first), "the log before the stream is not replayed");
      assertEquals("0-300.1-301.2-300", first.getId());
    } finally {
      subscription.dispose();
    }
  }

  private List<Event<?>> first(int count, Predicate<StanceChanged> filter, String lastEventId) {
    return stream.follow(filter, lastEventId, false, c -> c)
        .filter(e -> e.getComment() == null)
        .take(count)
        .collectList()
        .block(Duration.ofSeconds(30));
  }

  /** Where the change of an event was read, as its cause statement id says. */
  private static String position(Event<?> event) {
    return ((StanceChanged) event.getData()).getCauseStatementId();
  }

  private static StanceChanged change(int partition, long offset) {
    return change("actor-" + partition, partition + "@" + offset, offset);
  }

  private static StanceChanged late() {
    return change("late", "1@" + PER_PARTITION, 1);
  }

  private static StanceChanged change(String actor, String cause, long sequence) {
    Instant at = Instant.parse("2025-02-12T10:00:00Z").plusSeconds(sequence);
    return StanceChanged.newBuilder().setActor(actor).setTopic("nato").setPreviousStance(null)
        .setNewStance(Stance.SUPPORT).setPreviousPosition(null).setNewPosition(1.0).setCauseStatementId(cause)
        .setCause(ChangeCause.STATEMENT).setOccurredAt(at).setDetectedAt(at).setSequence(sequence).setVia(null).build();
  }
}
