package io.stancewatch.query.consistency;

import io.micronaut.context.annotation.Property;
import io.stancewatch.schemas.ConsistencyToken;
import io.stancewatch.schemas.Topics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-your-writes: a request carrying a {@link ConsistencyToken} (per partition of
 * {@code stancewatch.statements}, the offset of the write) waits until the views include its
 * writes. No record says which log offsets it reflects, so the rule asks the broker:
 *
 * <ol>
 *   <li>stance-service's consumer group (its Kafka Streams {@code application.id}) has
 *       committed, on each partition of the token, an offset past the write. Kafka Streams
 *       commits its input offsets and its outputs in one exactly-once transaction, so the
 *       outputs of the write are committed too: for the speaker.
 *   <li>A statement made on another's behalf is folded into the actor spoken for later: its
 *       relay goes to {@code <application.id>-relays-repartition} in that transaction, and is
 *       folded in a later one. So the relay topic's end offsets are taken when (1) holds, and
 *       the group's committed offsets on it must reach them (a partition nothing was relayed
 *       to has end offset 0 and needs no commit).
 *   <li>Then the end offsets of the topics the views read are taken, and the reader's
 *       positions must reach them.
 * </ol>
 *
 * <p>The end offsets of (2) and (3) are high watermarks, not last stable offsets: a
 * transaction's markers reach its partitions one by one, so when its committed offsets are
 * visible, an output partition's last stable offset may not include its records yet. Every
 * record written before the commit is below the high watermark (Kafka Streams writes with
 * acks=all), and the group's committed offsets, and the reader's read_committed positions,
 * reach it once the transactions open at that moment have ended: one commit interval, usually.
 *
 * <p>Waiting never blocks a request thread: the reader thread calls {@link #check} between
 * polls, which asks the broker only while someone waits, at most every {@link #INTERVAL}.
 */
@Singleton
public class ReadYourWrites {

  /** The shortest time between two rounds of questions to the broker. */
  public static final Duration INTERVAL = Duration.ofMillis(25);
  private static final Duration BROKER_CALL = Duration.ofSeconds(1);
  private static final Logger LOG = LoggerFactory.getLogger(ReadYourWrites.class);

  private final String groupId;
  private final String relaysTopic;
  private final AdminClient admin;
  private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();
  private List<TopicPartition> relayPartitions = List.of();
  private long lastRound;

  private static final class Waiter {
    final ConsistencyToken token;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Set once stance-service committed past the token: the relay topic's end then. */
    Map<TopicPartition, Long> relaysEnd;
    /** Set once the relays were folded: the view topics' end then. */
    Map<TopicPartition, Long> viewsEnd;

    Waiter(ConsistencyToken token) {
      this.token = token;
    }
  }

  public ReadYourWrites(AdminClient admin,
      @Property(name = "stancewatch.stance-service.application-id") String stanceServiceApplicationId) {
    this.groupId = stanceServiceApplicationId;
    this.relaysTopic = stanceServiceApplicationId + "-relays-repartition";
    this.admin = admin;
  }

  /** Completes when the views include every write of the token; the caller bounds the wait. */
  public CompletableFuture<Void> await(ConsistencyToken token) {
    Waiter waiter = new Waiter(token);
    waiters.add(waiter);
    return waiter.done;
  }

  /** Whether a request waits: the reader then polls more often. */
  public boolean waiting() {
    return !waiters.isEmpty();
  }

  /**
   * Moves the waiters on, and completes those the views now satisfy. Called by the reader
   * thread between polls, with the partitions the views read and the reader's positions.
   */
  public void check(Collection<TopicPartition> viewPartitions, ToLongFunction<TopicPartition> position) {
    waiters.removeIf(w -> w.done.isDone());
    if (waiters.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastRound >= INTERVAL.toNanos() && waiters.stream().anyMatch(w -> w.viewsEnd == null)) {
      lastRound = now;
      try {
        askBroker(viewPartitions);
      } catch (ExecutionException | TimeoutException e) {
        // Asked again next round; a waiter that runs out of time gets a 504.
        LOG.warn("Could not learn how far stance-service has folded: {}", e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.viewsEnd != null
          && waiter.viewsEnd.entrySet().stream().allMatch(e -> position.applyAsLong(e.getKey()) >= e.getValue())) {
        waiter.done.complete(null);
        it.remove();
      }
    }
  }

  /** One round: the group's committed offsets, then end offsets only for waiters that moved on. */
  private void askBroker(Collection<TopicPartition> viewPartitions)
      throws ExecutionException, TimeoutException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed = get(admin.listConsumerGroupOffsets(groupId)
        .partitionsToOffsetAndMetadata());
    Map<TopicPartition, Long> relaysEnd = null;
    Map<TopicPartition, Long> viewsEnd = null;
    for (Waiter waiter : waiters) {
      if (waiter.relaysEnd == null && folded(waiter.token, committed)) {
        relaysEnd = relaysEnd != null ? relaysEnd : endOffsets(relayPartitions());
        waiter.relaysEnd = relaysEnd;
      }
      // The offsets were read before the end offsets were: reaching the ends they hold still counts.
      if (waiter.relaysEnd != null && waiter.viewsEnd == null && reached(waiter.relaysEnd, committed)) {
        viewsEnd = viewsEnd != null ? viewsEnd : endOffsets(viewPartitions);
        waiter.viewsEnd = viewsEnd;
      }
    }
  }

  /** Whether the group committed, on each partition of the token, an offset past the write. */
  private static boolean folded(ConsistencyToken token, Map<TopicPartition, OffsetAndMetadata> committed) {
    return token.offsets().entrySet().stream().allMatch(e -> {
      OffsetAndMetadata offset = committed.get(new TopicPartition(Topics.STATEMENTS.name(), e.getKey()));
      return offset != null && offset.offset() > e.getValue();
    });
  }

  private static boolean reached(Map<TopicPartition, Long> ends, Map<TopicPartition, OffsetAndMetadata> committed) {
    return ends.entrySet().stream().allMatch(e -> {
      OffsetAndMetadata offset = committed.get(e.getKey());
      return (offset == null ? 0 : offset.offset()) >= e.getValue();
    });
  }

  /** The relay topic's partitions; none while stance-service has not created it. */
  private List<TopicPartition> relayPartitions() throws ExecutionException, TimeoutException, InterruptedException {
    if (relayPartitions.isEmpty()) {
      try {
        TopicDescription relays = get(admin.describeTopics(List.of(relaysTopic)).topicNameValues().get(relaysTopic));
        relayPartitions = relays.partitions().stream()
            .map(p -> new TopicPartition(relaysTopic, p.partition())).toList();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
    }
    return relayPartitions;
  }

  /** The high watermarks: see the class comment for why not the last stable offsets. */
  private Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions)
      throws ExecutionException, TimeoutException, InterruptedException {
    if (partitions.isEmpty()) {
      return Map.of();
    }
    Map<TopicPartition, OffsetSpec> latest = partitions.stream()
        .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    get(admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all())
        .forEach((p, info) -> ends.put(p, info.offset()));
    return ends;
  }

  private static <T> T get(KafkaFuture<T> future) throws ExecutionException, TimeoutException, InterruptedException {
    return future.get(BROKER_CALL.toMillis(), TimeUnit.MILLISECONDS);
  }
}
