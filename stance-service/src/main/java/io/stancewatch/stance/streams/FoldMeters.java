package io.stancewatch.stance.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.stancewatch.stance.fold.FoldListener;
import io.stancewatch.schemas.Topics;
import jakarta.inject.Singleton;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The fold's meters on {@code /prometheus}: what it folded and set aside, and how far behind the
 * log it is.
 */
@Singleton
class FoldMeters implements FoldListener {

  private final MeterRegistry registry;
  private final Counter events;
  private final Counter changes;
  private final AtomicLong setAside = new AtomicLong();
  private volatile String lastSetAside;
  /** Per log partition, the offset after the last entry this instance folded (0: none yet). */
  private final AtomicLongArray nextToFold;

  FoldMeters(MeterRegistry registry, @Property(name = "stancewatch.topics.partitions") int partitions) {
    this.registry = registry;
    this.nextToFold = new AtomicLongArray(partitions);
    events = Counter.builder("stancewatch.fold.events")
        .description("Events folded: statements and retractions of the log, and their relays to the actors spoken for")
        .register(registry);
    changes = Counter.builder("stancewatch.fold.changes")
        .description("Stance changes emitted to stancewatch.stance-changes")
        .register(registry);
  }

  /**
   * Registers {@code stancewatch.fold.lag}: per partition of the statement log, the records
   * this instance has still to fold: the partition's last stable offset less the next offset
   * to fold (or, before this instance folded any of it, the application's committed offset).
   * Records Kafka Streams has fetched but not folded yet count, which the consumer's own
   * {@code records-lag} leaves out (up to {@code buffered.records.per.partition} of them).
   * Not a number for the partitions another instance folds, or while the broker does not answer.
   */
  void watchLag(KafkaStreams streams, Admin admin, String applicationId, int partitions) {
    LogEnds ends = new LogEnds(admin, applicationId, partitions);
    for (int p = 0; p < partitions; p++) {
      int partition = p;
      Gauge.builder("stancewatch.fold.lag", streams, s -> lag(s, ends, partition))
          .description("Records of the statement log partition not folded yet by this instance")
          .tag("partition", Integer.toString(partition))
          .register(registry);
    }
  }

  private double lag(KafkaStreams streams, LogEnds ends, int partition) {
    boolean folding = streams.metadataForLocalThreads().stream()
        .flatMap(thread -> thread.activeTasks().stream())
        .flatMap(task -> task.topicPartitions().stream())
        .anyMatch(tp -> tp.topic().equals(Topics.STATEMENTS.name()) && tp.partition() == partition);
    LogEnds.Offsets offsets = ends.now();
    if (!folding || offsets == null) {
      return Double.NaN;
    }
    long next = Math.max(nextToFold.get(partition), offsets.committed()[partition]);
    return Math.max(0, offsets.stable()[partition] - next);
  }

  @Override
  public void logFolded(int partition, long offset) {
    nextToFold.accumulateAndGet(partition, offset + 1, Math::max);
  }

  @Override
  public void folded(int changesEmitted) {
    events.increment();
    changes.increment(changesEmitted);
  }

  @Override
  public void setAside(Exception reason) {
    Counter.builder("stancewatch.fold.dead.letters")
        .description("Records of the statement log sent to stancewatch.statements.dlq instead of being folded")
        .tag("error", reason.getClass().getSimpleName())
        .register(registry)
        .increment();
    setAside.incrementAndGet();
    lastSetAside = reason.getMessage();
  }

  /** How many records of the log this instance set aside, and why the last one was. */
  long setAside() {
    return setAside.get();
  }

  String lastSetAside() {
    return lastSetAside;
  }
}
