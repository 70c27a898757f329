package io.stancewatch.stance.streams;

import io.stancewatch.schemas.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The statement log's last stable offsets and the fold's committed offsets, asked of the
 * broker at most once a second however many gauges read them in one scrape.
 */
final class LogEnds {

  /** Per partition of the log: the last stable offset, and the offset the application committed (0 if none). */
  record Offsets(long[] stable, long[] committed) {}

  private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final int TIMEOUT_MS = 2_000;

  private final Admin admin;
  private final String applicationId;
  private final int partitions;
  private Offsets last;
  private long askedAt;

  LogEnds(Admin admin, String applicationId, int partitions) {
    this.admin = admin;
    this.applicationId = applicationId;
    this.partitions = partitions;
  }

  /** The offsets at most a second old, or null when the broker did not answer. */
  synchronized Offsets now() {
    if (last == null || System.nanoTime() - askedAt > MAX_AGE_NANOS) {
      last = ask();
      askedAt = System.nanoTime();
    }
    return last;
  }

  private Offsets ask() {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(Topics.STATEMENTS.name(), p), OffsetSpec.latest());
    }
    try {
      var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(TIMEOUT_MS))
          .all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId,
              new ListConsumerGroupOffsetsOptions().timeoutMs(TIMEOUT_MS))
          .partitionsToOffsetAndMetadata().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      Offsets offsets = new Offsets(new long[partitions], new long[partitions]);
      ends.forEach((tp, info) -> offsets.stable()[tp.partition()] = info.offset());
      committed.forEach((tp, at) -> {
        if (at != null && tp.topic().equals(Topics.STATEMENTS.name()) && tp.partition() < partitions) {
          offsets.committed()[tp.partition()] = at.offset();
        }
      });
      return offsets;
    } catch (ExecutionException | TimeoutException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
