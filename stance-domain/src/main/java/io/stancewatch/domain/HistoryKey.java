package io.stancewatch.domain;

import java.time.Instant;
import java.util.Comparator;

/**
 * Where a statement sits in its pair's history: the order of contract section 4, by
 * occurredAt, ties broken by statementId. {@link #encode()} writes it so that keys compare as
 * strings (and as UTF-8 bytes, as RocksDB compares them) in that same order, which is what lets
 * a store find the current stance, a neighbour or the stance as of a date with one seek.
 */
public record HistoryKey(Instant occurredAt, String statementId) implements Comparable<HistoryKey> {

  /** Before every statement's key, and after every one: the bounds of a whole history. */
  public static final HistoryKey BEFORE_ALL = new HistoryKey(Instant.ofEpochMilli(Long.MIN_VALUE), "");
  public static final HistoryKey AFTER_ALL = new HistoryKey(Instant.ofEpochMilli(Long.MAX_VALUE), "");

  private static final Comparator<HistoryKey> ORDER =
      Comparator.comparing(HistoryKey::occurredAt).thenComparing(HistoryKey::statementId);

  /** A key after every statement said at or before {@code t}, and before every later one. */
  public static HistoryKey after(Instant t) {
    return new HistoryKey(t.plusMillis(1), "");
  }

  /**
   * The millis since the epoch with the sign bit flipped, as 20 unsigned decimal digits (so
   * dates before 1970 sort first), then {@code /} and the statement id, which ends the key:
   * a statement id holds no {@code /}.
   */
  public String encode() {
    String millis = Long.toUnsignedString(occurredAt.toEpochMilli() ^ Long.MIN_VALUE);
    return "0".repeat(20 - millis.length()) + millis + "/" + statementId;
  }

  public static HistoryKey decode(String encoded) {
    int slash = encoded.indexOf('/');
    if (slash != 20) {
      throw new IllegalArgumentException("not a history key: " + encoded);
    }
    long millis = Long.parseUnsignedLong(encoded.substring(0, 20)) ^ Long.MIN_VALUE;
    return new HistoryKey(Instant.ofEpochMilli(millis), encoded.substring(slash + 1));
  }

  @Override
  public int compareTo(HistoryKey other) {
    return ORDER.compare(this, other);
  }

  public boolean isAfter(HistoryKey other) {
    return compareTo(other) > 0;
  }

  public boolean isBefore(HistoryKey other) {
    return compareTo(other) < 0;
  }
}
