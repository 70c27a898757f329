package io.stancewatch.query.stream;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.sse.Event;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.query.view.ChangeLogView;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;

/**
 * Live feeds of stance changes for server-sent events. Each subscriber walks the change log
 * in topic order from its own {@link StreamPosition}: first what it missed, then each change
 * as it arrives. Nothing blocks: a subscriber only does work when the log grows or its
 * heartbeat is due, and reads the log a page at a time, as its client takes the events.
 */
@Singleton
public class ChangeStream {

  static final String EVENT_NAME = "stance-change";
  private static final long HEARTBEAT = -1;
  /** Changes read from the log at a time: bounds what a subscriber holds, and for how long it holds the log open. */
  private static final int PAGE = 256;

  private final ChangeLogView changes;
  private final Duration heartbeat;
  private final AtomicInteger subscribers = new AtomicInteger();

  public ChangeStream(ChangeLogView changes, @Property(name = "stancewatch.stream.heartbeat") Duration heartbeat,
      MeterRegistry registry) {
    this.changes = changes;
    this.heartbeat = heartbeat;
    Gauge.builder("stancewatch.stream.subscribers", subscribers, AtomicInteger::get)
        .description("Open change streams (GET /changes/stream)")
        .register(registry);
  }

  /**
   * The changes accepted by {@code filter} after {@code lastEventId}, then live, as SSE events
   * of {@code toData}. Heartbeats are comments. Without {@code lastEventId}, from the start of
   * the log, or, when {@code fromEnd}, from the changes read after this call.
   *
   * @throws IllegalArgumentException when lastEventId is not an id this stream gave
   */
  public <T> Flux<Event<?>> follow(Predicate<StanceChanged> filter, String lastEventId, boolean fromEnd,
      Function<StanceChanged, T> toData) {
    StreamPosition from = lastEventId != null ? StreamPosition.parse(lastEventId)
        : fromEnd ? StreamPosition.at(changes.ends()) : StreamPosition.beginning();
    return Flux.defer(() -> {
      Subscriber<T> subscriber = new Subscriber<>(from, filter, toData);
      subscribers.incrementAndGet();
      // The first signal is a heartbeat too: a stream with nothing to send yet still answers at
      // once (headers and a comment), rather than when its first change or heartbeat is due.
      return Flux.merge(Flux.just(HEARTBEAT), changes.appended(),
              Flux.interval(heartbeat, heartbeat).map(tick -> HEARTBEAT))
          .onBackpressureLatest()
          .concatMapIterable(subscriber::next)
          .doFinally(end -> subscribers.decrementAndGet());
    });
  }

  /**
   * One subscriber's walk. Signals reach it one at a time, each once the events of the last
   * are all taken (concatMap), so it needs no lock.
   */
  private final class Subscriber<T> {
    private final StreamPosition position;
    private final Predicate<StanceChanged> filter;
    private final Function<StanceChanged, T> toData;

    Subscriber(StreamPosition position, Predicate<StanceChanged> filter, Function<StanceChanged, T> toData) {
      this.position = position;
      this.filter = filter;
      this.toData = toData;
    }

    /** The events past the position, read a page at a time as they are taken; a heartbeat comment if none and one is due. */
    Iterable<Event<?>> next(long signal) {
      return () -> new Iterator<>() {
        private final Queue<Event<?>> ready = new ArrayDeque<>();
        private boolean more = true;
        private boolean sentAny;

        @Override
        public boolean hasNext() {
          while (ready.isEmpty() && more) {
            readPage();
          }
          if (ready.isEmpty() && !sentAny && signal == HEARTBEAT) {
            ready.add(Event.of("").comment("heartbeat"));
          }
          return !ready.isEmpty();
        }

        @Override
        public Event<?> next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          sentAny = true;
          return ready.remove();
        }

        private void readPage() {
          List<ChangeLogView.Entry> page = changes.readFrom(position::next, PAGE);
          more = page.size() == PAGE;
          for (ChangeLogView.Entry entry : page) {
            position.advancePast(entry.partition(), entry.offset());
            if (filter.test(entry.change())) {
              ready.add(Event.of(toData.apply(entry.change())).name(EVENT_NAME).id(position.id()));
            }
          }
        }
      };
    }
  }
}
