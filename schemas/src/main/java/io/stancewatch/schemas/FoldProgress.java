package io.stancewatch.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Record headers by which stance-service tells the readers of its outputs how far it has
 * folded the statement log; read-your-writes ({@link ConsistencyToken}) is built on them.
 *
 * <p>Every event of the log produces a snapshot record (a tombstone when the actor has no
 * state), even when it changed nothing, stamped with the event's log position. A statement
 * made on another actor's behalf is folded twice: the speaker's snapshot says a relay is
 * {@link Relay#PENDING}, the relayed actor's snapshot says it is {@link Relay#DONE}; both
 * carry the position of the same log event.
 *
 * <p>A record of the log that does not decode is no event: it goes to the dead-letter topic
 * ({@link DeadLetters}) and produces no snapshot, so no record names its position. No reader
 * waits for one: ingest-service only writes records that decode, so a consistency token never
 * names the offset of a dead letter.
 */
public final class FoldProgress {

  /** {@code partition:offset} of the statement log event that caused the record. */
  public static final String SOURCE = "stancewatch-source";
  /** Whether the event still has to be, or now has been, folded into the actor spoken for. */
  public static final String RELAY = "stancewatch-relay";

  /** A position in {@code stancewatch.statements}. */
  public record Position(int partition, long offset) {}

  public enum Relay { PENDING, DONE }

  private FoldProgress() {}

  /** Fresh headers naming the log event at this position as the source. */
  public static Headers sourceHeaders(int partition, long offset) {
    return new RecordHeaders().add(SOURCE, (partition + ":" + offset).getBytes(StandardCharsets.US_ASCII));
  }

  /** A copy of {@code headers} with the relay mark set. */
  public static Headers withRelay(Headers headers, Relay relay) {
    RecordHeaders copy = new RecordHeaders(headers.toArray());
    copy.remove(RELAY);
    copy.add(RELAY, relay.name().getBytes(StandardCharsets.US_ASCII));
    return copy;
  }

  /** The source position, or empty when the record carries none (or a malformed one). */
  public static Optional<Position> source(Headers headers) {
    String value = lastValue(headers, SOURCE);
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

  public static Optional<Relay> relay(Headers headers) {
    String value = lastValue(headers, RELAY);
    try {
      return value == null ? Optional.empty() : Optional.of(Relay.valueOf(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static String lastValue(Headers headers, String key) {
    Header header = headers.lastHeader(key);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
  }
}
