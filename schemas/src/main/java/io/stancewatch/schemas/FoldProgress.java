package io.stancewatch.schemas;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Record headers by which stance-service tells the readers of its outputs how far it has
 * folded the statement log; read-your-writes ({@link ConsistencyToken}) is built on them.
 *
 * <p>A change (and a relayed entry) names the log event that caused it in {@link #SOURCE}.
 * Snapshots are published per actor once per snapshot interval, not per event, so a snapshot
 * record says what its reader may count as folded once it has read it and everything before
 * it on its partition of {@code stancewatch.actor-stances}:
 * <ul>
 *   <li>{@link #FOLDED}: every event of that log partition up to this offset is in the
 *       snapshots read so far (the snapshot topic is co-partitioned with the log, so the
 *       snapshots of one log partition's speakers arrive on one partition, in order);
 *   <li>{@link #RELAY_PENDING}: positions of statements made on another actor's behalf that
 *       this snapshot's actor spoke; each counts as folded only once the matching
 *       {@link #RELAY_DONE} arrives, on the snapshot of the actor spoken for, which may sit on
 *       another partition and be read first.
 * </ul>
 * Every event of the log leads to a snapshot record of its actor (a tombstone when the actor
 * has no state), even an event that changed nothing, so the positions always advance.
 *
 * <p>A record of the log that does not decode is no event: it goes to the dead-letter topic
 * ({@link DeadLetters}) and produces no snapshot. No reader waits for one: ingest-service only
 * writes records that decode, so a consistency token never names the offset of a dead letter.
 */
public final class FoldProgress {

  /** {@code partition:offset} of the statement log event that caused a change or relayed entry. */
  public static final String SOURCE = "stancewatch-source";
  /** On a snapshot: {@code partition:offset} up to which that log partition is folded. */
  public static final String FOLDED = "stancewatch-folded";
  /** On a snapshot, repeated: log positions whose relay to the actor spoken for is still to come. */
  public static final String RELAY_PENDING = "stancewatch-relay-pending";
  /** On a snapshot, repeated: log positions relayed into this snapshot's actor. */
  public static final String RELAY_DONE = "stancewatch-relay-done";

  /** A position in {@code stancewatch.statements}. */
  public record Position(int partition, long offset) {

    @Override
    public String toString() {
      return partition + ":" + offset;
    }
  }

  private FoldProgress() {}

  /** Fresh headers naming the log event at this position as the source. */
  public static Headers sourceHeaders(Position source) {
    return new RecordHeaders().add(SOURCE, bytes(source));
  }

  /** Headers of a snapshot record; {@code folded} may be null (the snapshot only carries relays). */
  public static Headers snapshotHeaders(Position folded, Collection<Position> relaysPending,
      Collection<Position> relaysDone) {
    RecordHeaders headers = new RecordHeaders();
    if (folded != null) {
      headers.add(FOLDED, bytes(folded));
    }
    relaysPending.forEach(p -> headers.add(RELAY_PENDING, bytes(p)));
    relaysDone.forEach(p -> headers.add(RELAY_DONE, bytes(p)));
    return headers;
  }

  /** The source position, or empty when the record carries none (or a malformed one). */
  public static Optional<Position> source(Headers headers) {
    return position(headers.lastHeader(SOURCE));
  }

  public static Optional<Position> folded(Headers headers) {
    return position(headers.lastHeader(FOLDED));
  }

  public static List<Position> relaysPending(Headers headers) {
    return positions(headers, RELAY_PENDING);
  }

  public static List<Position> relaysDone(Headers headers) {
    return positions(headers, RELAY_DONE);
  }

  private static List<Position> positions(Headers headers, String key) {
    List<Position> positions = new ArrayList<>();
    headers.headers(key).forEach(h -> position(h).ifPresent(positions::add));
    return positions;
  }

  private static Optional<Position> position(Header header) {
    String value = header == null || header.value() == null ? null
        : new String(header.value(), StandardCharsets.US_ASCII);
    int colon = value == null ? -1 : value.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Position(Integer.parseInt(value.substring(0, colon)), Long.parseLong(value.substring(colon + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static byte[] bytes(Position position) {
    return position.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
