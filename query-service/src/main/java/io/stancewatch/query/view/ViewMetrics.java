package io.stancewatch.query.view;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * How far the views are behind the stance topics, and how much they applied, on
 * {@code /prometheus}. The reader thread records; the gauges only read what it recorded, as
 * the consumer itself may not be called from the thread that scrapes.
 */
@Singleton
public class ViewMetrics {

  private static final class Progress {
    volatile double lag = Double.NaN;
    volatile long lastTimestamp = -1;
  }

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, Counter> applied = new ConcurrentHashMap<>();
  private final Map<TopicPartition, Progress> partitions = new ConcurrentHashMap<>();

  public ViewMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.clock = Clock.systemUTC();
  }

  /** Registers the per-topic counters and per-partition gauges of the partitions the reader reads (once each). */
  void track(Collection<TopicPartition> viewPartitions) {
    for (TopicPartition partition : viewPartitions) {
      applied.computeIfAbsent(partition.topic(), topic -> Counter.builder("stancewatch.view.records.applied")
          .description("Records (tombstones included) applied to the views, by topic")
          .tag("topic", topic).register(registry));
      partitions.computeIfAbsent(partition, p -> {
        Progress progress = new Progress();
        String[] tags = {"topic", p.topic(), "partition", Integer.toString(p.partition())};
        Gauge.builder("stancewatch.view.lag", progress, pr -> pr.lag)
            .description("Records of the partition not read yet (consumer lag against the last stable offset)")
            .baseUnit("records").tags(tags).register(registry);
        Gauge.builder("stancewatch.view.record.age", progress, this::ageSeconds)
            .description("Now minus the timestamp of the last record read from the partition"
                + " (for stance-service's outputs, when the causing statement was logged)")
            .baseUnit("seconds").tags(tags).register(registry);
        return progress;
      });
    }
  }

  /** A record of a view topic applied to its view. */
  void applied(ConsumerRecord<?, ?> record) {
    Counter counter = applied.get(record.topic());
    if (counter != null) {
      counter.increment();
    }
    read(record);
  }

  /** A record of a view topic read, whether or not it could be applied. */
  void read(ConsumerRecord<?, ?> record) {
    Progress progress = partitions.get(new TopicPartition(record.topic(), record.partition()));
    if (progress != null) {
      progress.lastTimestamp = record.timestamp();
    }
  }

  /** The partition's lag as the consumer last learnt it; empty while it does not know. */
  void lag(TopicPartition partition, OptionalLong lag) {
    Progress progress = partitions.get(partition);
    if (progress != null) {
      progress.lag = lag.isPresent() ? lag.getAsLong() : Double.NaN;
    }
  }

  private double ageSeconds(Progress progress) {
    long timestamp = progress.lastTimestamp;
    return timestamp < 0 ? Double.NaN : (clock.millis() - timestamp) / 1000.0;
  }
}
