package io.stancewatch.query.consistency;

import io.stancewatch.schemas.ConsistencyToken;
import io.stancewatch.schemas.FoldProgress;
import io.stancewatch.schemas.FoldProgress.Position;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.Headers;

/**
 * How far the snapshots read so far reflect the statement log, from the {@link FoldProgress}
 * headers stance-service stamps on them: per log partition, the offset up to which the
 * snapshots read so far include every event, less the events whose relay to the actor spoken
 * for has not been read yet.
 *
 * <p>Relies on the snapshot topic being co-partitioned with the log (same partition count,
 * same key), as the topics are created: the snapshots of one log partition's speakers then
 * arrive on one partition, in the order stance-service published them.
 */
final class FoldWatermark {

  private final Map<Integer, Long> folded = new HashMap<>();
  private final Map<Integer, TreeSet<Long>> relaysPending = new HashMap<>();
  // A relayed snapshot can be read before its speaker's, which is on another partition.
  private final Set<Position> relayedFirst = new HashSet<>();

  /** Notes one snapshot record (or tombstone) read from {@code stancewatch.actor-stances}. */
  synchronized void record(Headers headers) {
    for (Position done : FoldProgress.relaysDone(headers)) {
      TreeSet<Long> pending = relaysPending.get(done.partition());
      if (pending == null || !pending.remove(done.offset())) {
        relayedFirst.add(done);
      }
    }
    for (Position pending : FoldProgress.relaysPending(headers)) {
      if (!relayedFirst.remove(pending)) {
        relaysPending.computeIfAbsent(pending.partition(), p -> new TreeSet<>()).add(pending.offset());
      }
    }
    FoldProgress.folded(headers).ifPresent(upTo -> folded.merge(upTo.partition(), upTo.offset(), Math::max));
  }

  /**
   * Forgets relays whose other half was compacted away before it could be read: called once
   * the reader has caught up with what the topics held at start, so only writes made before
   * this service started can be reported a little early, never wait for ever.
   */
  synchronized void forgetUnmatchedRelays() {
    relaysPending.clear();
    relayedFirst.clear();
  }

  /** Whether every write of the token has been folded, for its speaker and any actor spoken for. */
  synchronized boolean covers(ConsistencyToken token) {
    return token.offsets().entrySet().stream().allMatch(e -> {
      TreeSet<Long> pending = relaysPending.get(e.getKey());
      return folded.getOrDefault(e.getKey(), -1L) >= e.getValue()
          && (pending == null || pending.isEmpty() || pending.first() > e.getValue());
    });
  }
}
