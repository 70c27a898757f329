package io.stancewatch.query.consistency;

import io.stancewatch.schemas.ConsistencyToken;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;

/**
 * Read-your-writes: a request carrying a {@link ConsistencyToken} waits until the views
 * include its writes. First the snapshots must show every write folded (see
 * {@link FoldWatermark}); then the changes, which stance-service commits in the same
 * transaction but which arrive on another topic, must be read up to the change topic's
 * committed end as it stood at that moment.
 *
 * <p>Waiting never blocks a thread: the reader thread completes the futures after each batch.
 */
@Singleton
public class ReadYourWrites {

  private final FoldWatermark watermark = new FoldWatermark();
  private final Queue<Waiter> waiters = new ConcurrentLinkedQueue<>();

  private static final class Waiter {
    final ConsistencyToken token;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    Map<TopicPartition, Long> changesEnd;

    Waiter(ConsistencyToken token) {
      this.token = token;
    }
  }

  /** Completes when the views include every write of the token; the caller bounds the wait. */
  public CompletableFuture<Void> await(ConsistencyToken token) {
    Waiter waiter = new Waiter(token);
    waiters.add(waiter);
    return waiter.done;
  }

  /** The reader read a snapshot record (or tombstone) with these headers. */
  public void snapshotRead(Headers headers) {
    watermark.record(headers);
  }

  /** The reader caught up with what the topics held when it started. */
  public void caughtUp() {
    watermark.forgetUnmatchedRelays();
  }

  /**
   * Completes the waiters the views now satisfy. Called by the reader thread after each batch,
   * with the committed end offsets of the change topic (asked for at most once per call) and
   * the reader's own positions.
   */
  public void check(Supplier<Map<TopicPartition, Long>> changesEnd, ToLongFunction<TopicPartition> position) {
    Map<TopicPartition, Long> endNow = null;
    for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
      Waiter waiter = it.next();
      if (waiter.done.isDone()) {
        it.remove();
        continue;
      }
      if (waiter.changesEnd == null && watermark.covers(waiter.token)) {
        endNow = endNow == null ? changesEnd.get() : endNow;
        waiter.changesEnd = endNow;
      }
      if (waiter.changesEnd != null
          && waiter.changesEnd.entrySet().stream().allMatch(e -> position.applyAsLong(e.getKey()) >= e.getValue())) {
        waiter.done.complete(null);
        it.remove();
      }
    }
  }
}
