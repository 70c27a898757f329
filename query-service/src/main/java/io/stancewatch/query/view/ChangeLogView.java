package io.stancewatch.query.view;

import io.stancewatch.events.StanceChanged;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Every stance change read from {@code stancewatch.stance-changes}, kept whole in memory
 * (changes are rare next to statements) in two orders: newest first by when the causing
 * event was logged, for {@code /changes}; and as read, for streams, which resume by topic
 * position.
 */
@Singleton
public class ChangeLogView {

  /** A change and where it sits on the change topic. */
  public record Entry(StanceChanged change, int partition, long offset) {

    public Key key() {
      return new Key(change.getDetectedAt(), change.getActor(), change.getTopic(), change.getSequence());
    }
  }

  /** The total order of {@code /changes}: detectedAt, then actor, topic and sequence. */
  public record Key(Instant detectedAt, String actor, String topic, long sequence) {

    static final Comparator<Key> NEWEST_FIRST = Comparator.comparing(Key::detectedAt)
        .thenComparing(Key::actor)
        .thenComparing(Key::topic)
        .thenComparingLong(Key::sequence)
        .reversed();
  }

  private final ConcurrentSkipListMap<Key, Entry> newestFirst = new ConcurrentSkipListMap<>(Key.NEWEST_FIRST);
  private final List<Entry> asRead = new ArrayList<>();
  // Best effort is enough: a signal only says "look again", and each subscriber reads what
  // it has not seen from asRead, so a dropped signal delays nothing past the next one.
  private final Sinks.Many<Integer> appended = Sinks.many().multicast().directBestEffort();

  public void apply(StanceChanged change, int partition, long offset) {
    Entry entry = new Entry(change, partition, offset);
    newestFirst.put(entry.key(), entry);
    synchronized (asRead) {
      asRead.add(entry);
    }
  }

  /** Wakes the streams; the reader calls it once per batch it applied. */
  public void signalAppended() {
    int size;
    synchronized (asRead) {
      size = asRead.size();
    }
    appended.tryEmitNext(size);
  }

  /** Up to {@code limit} changes accepted by {@code filter}, newest first, after {@code after} (exclusive) if given. */
  public List<Entry> latest(Predicate<StanceChanged> filter, Key after, int limit) {
    NavigableMap<Key, Entry> from = after == null ? newestFirst : newestFirst.tailMap(after, false);
    return from.values().stream().filter(e -> filter.test(e.change())).limit(limit).toList();
  }

  /** The changes read since the first {@code index} ones, in the order they were read. */
  public List<Entry> readSince(int index) {
    synchronized (asRead) {
      return index >= asRead.size() ? List.of() : new ArrayList<>(asRead.subList(index, asRead.size()));
    }
  }

  /** Signals that changes were appended; carries no data. */
  public Flux<Integer> appended() {
    return appended.asFlux();
  }
}
