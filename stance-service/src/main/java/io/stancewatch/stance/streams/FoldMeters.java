package io.stancewatch.stance.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stancewatch.stance.fold.FoldMetrics;
import io.stancewatch.schemas.Topics;
import jakarta.inject.Singleton;
import org.apache.kafka.streams.KafkaStreams;

/** The fold's meters on {@code /prometheus}: what it folded and published, and how far behind the log it is. */
@Singleton
class FoldMeters implements FoldMetrics {

  private final MeterRegistry registry;
  private final Counter events;
  private final Counter changes;
  private final Counter snapshots;

  FoldMeters(MeterRegistry registry) {
    this.registry = registry;
    events = Counter.builder("stancewatch.fold.events")
        .description("Events folded: statements and retractions of the log, and their relays to the actors spoken for")
        .register(registry);
    changes = Counter.builder("stancewatch.fold.changes")
        .description("Stance changes emitted to stancewatch.stance-changes")
        .register(registry);
    snapshots = Counter.builder("stancewatch.fold.snapshots")
        .description("Actor snapshots published to stancewatch.actor-stances")
        .register(registry);
  }

  /**
   * Registers {@code stancewatch.fold.lag}: per partition of the statement log, the records
   * this instance has still to fold, read from its consumer's {@code records-lag} metric.
   * Not a number for the partitions another instance folds.
   */
  void watchLag(KafkaStreams streams, int partitions) {
    for (int p = 0; p < partitions; p++) {
      String partition = Integer.toString(p);
      Gauge.builder("stancewatch.fold.lag", streams, s -> lag(s, partition))
          .description("Records of the statement log partition not folded yet by this instance")
          .tag("partition", partition)
          .register(registry);
    }
  }

  private static double lag(KafkaStreams streams, String partition) {
    // The consumer's metrics spell the topic with '_' for '.'.
    String topic = Topics.STATEMENTS.name().replace('.', '_');
    return streams.metrics().values().stream()
        .filter(m -> m.metricName().name().equals("records-lag")
            && topic.equals(m.metricName().tags().get("topic"))
            && partition.equals(m.metricName().tags().get("partition")))
        .mapToDouble(m -> ((Number) m.metricValue()).doubleValue())
        .findFirst().orElse(Double.NaN);
  }

  @Override
  public void folded(int changesEmitted) {
    events.increment();
    changes.increment(changesEmitted);
  }

  @Override
  public void snapshotsPublished(int published) {
    snapshots.increment(published);
  }
}
