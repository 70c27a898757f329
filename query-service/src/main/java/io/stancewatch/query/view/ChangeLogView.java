package io.stancewatch.query.view;

import io.micronaut.core.annotation.Nullable;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.schemas.Topics;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToLongFunction;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Every stance change read from {@code stancewatch.stance-changes}, in the {@link ViewDatabase}
 * rather than the heap (the log only grows), in two orders: as read, for streams, which resume
 * by topic position; and newest first by when the causing event was logged, for
 * {@code /changes}, with the same order per actor so that one actor's page is one seek.
 *
 * <p>Three column families:
 * <ul>
 *   <li>{@code changes}: partition (4 bytes) then offset (8 bytes), big-endian, to the
 *       {@code StanceChanged} bytes as read from the topic; the only copy of a change.
 *   <li>{@code changes-newest-first}: {@link Key#encode()} to the change's position.
 *   <li>{@code changes-by-actor}: {@code <actor>/} then {@link Key#encode()} to the change's
 *       position. Slugs hold no {@code /}, so an actor's prefix is never the start of another's.
 * </ul>
 */
@Singleton
public class ChangeLogView {

  /** A change and where it sits on the change topic. */
  public record Entry(StanceChanged change, int partition, long offset) {

    public Key key() {
      return Key.of(change);
    }
  }

  /** The total order of {@code /changes}: detectedAt, then actor, topic and sequence, newest first. */
  public record Key(Instant detectedAt, String actor, String topic, long sequence) {

    /** The order {@link #encode()} sorts in, bytewise. */
    static final Comparator<Key> NEWEST_FIRST = Comparator.comparing(Key::detectedAt)
        .thenComparing(Key::actor)
        .thenComparing(Key::topic)
        .thenComparingLong(Key::sequence)
        .reversed();

    static Key of(StanceChanged change) {
      return new Key(change.getDetectedAt(), change.getActor(), change.getTopic(), change.getSequence());
    }

    /** A string ends at this byte, which no inverted UTF-8 byte is: slugs hold no NUL. */
    private static final int END = 0xFF;

    /**
     * Bytes that sort as {@link #NEWEST_FIRST} does: each part inverted, so that it sorts
     * descending; the strings byte by byte (UTF-8 and Java's order agree on slugs, which are
     * ASCII), each ended by {@link #END}, so that a string sorts after those it prefixes.
     */
    byte[] encode() {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(40 + actor.length() + topic.length());
      bytes.writeBytes(ByteBuffer.allocate(12).putLong(descending(detectedAt.getEpochSecond()))
          .putInt(descending(detectedAt.getNano())).array());
      writeDescending(bytes, actor);
      writeDescending(bytes, topic);
      bytes.writeBytes(ByteBuffer.allocate(8).putLong(descending(sequence)).array());
      return bytes.toByteArray();
    }

    /** The key encoded in {@code bytes} from {@code from} on. */
    static Key decode(byte[] bytes, int from) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes, from, bytes.length - from);
      Instant detectedAt = Instant.ofEpochSecond(descending(buffer.getLong()), descending(buffer.getInt()));
      String actor = readDescending(buffer);
      String topic = readDescending(buffer);
      return new Key(detectedAt, actor, topic, descending(buffer.getLong()));
    }

    /** Flips the order of signed numbers into the reverse order of their big-endian bytes (and back). */
    private static long descending(long n) {
      return n ^ Long.MAX_VALUE;
    }

    private static int descending(int n) {
      return n ^ Integer.MAX_VALUE;
    }

    private static void writeDescending(ByteArrayOutputStream bytes, String s) {
      for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
        bytes.write(~b);
      }
      bytes.write(END);
    }

    private static String readDescending(ByteBuffer buffer) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (int b = buffer.get() & 0xFF; b != END; b = buffer.get() & 0xFF) {
        bytes.write(~b);
      }
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  private final ViewDatabase database;
  private final ColumnFamilyHandle asRead;
  private final ColumnFamilyHandle newestFirst;
  private final ColumnFamilyHandle byActor;
  // Best effort is enough: a signal only says "look again", and each subscriber reads what
  // it has not seen from the store, so a dropped signal delays nothing past the next one.
  private final Sinks.Many<Long> appended = Sinks.many().multicast().directBestEffort();
  /** Changes applied so far; the reader's alone. */
  private long count;

  public ChangeLogView(ViewDatabase database) {
    this.database = database;
    this.asRead = database.family("changes");
    this.newestFirst = database.family("changes-newest-first");
    this.byActor = database.family("changes-by-actor");
  }

  /** Stores a change, {@code encoded} as read from the topic at this position, in the poll's batch. */
  void put(ViewDatabase.Batch batch, StanceChanged change, byte[] encoded, int partition, long offset) {
    byte[] position = position(partition, offset);
    byte[] key = Key.of(change).encode();
    batch.put(asRead, position, encoded);
    batch.put(newestFirst, key, position);
    batch.put(byActor, concat(actorPrefix(change.getActor()), key), position);
    count++;
  }

  /** Wakes the streams; the reader calls it once per batch it wrote. */
  void signalAppended() {
    appended.tryEmitNext(count);
  }

  /**
   * Up to {@code limit} changes of the actor and/or topic (any when null), newest first, after
   * {@code after} (exclusive) if given. Filters on keys alone, and reads only the changes it
   * returns.
   */
  public List<Entry> latest(@Nullable String actor, @Nullable String topic, @Nullable Key after, int limit) {
    byte[] prefix = actor == null ? new byte[0] : actorPrefix(actor);
    List<byte[]> positions = new ArrayList<>();
    try (ViewDatabase.Read read = database.read()) {
      RocksIterator iterator = read.iterator(actor == null ? newestFirst : byActor);
      byte[] start = after == null ? prefix : concat(prefix, after.encode());
      iterator.seek(start);
      if (after != null && iterator.isValid() && Arrays.equals(iterator.key(), start)) {
        iterator.next();
      }
      for (; iterator.isValid() && positions.size() < limit && ViewDatabase.startsWith(iterator.key(), prefix);
          iterator.next()) {
        // The actor's range holds only its changes: only a topic filter needs the key read.
        if (topic == null || topic.equals(Key.decode(iterator.key(), prefix.length).topic())) {
          positions.add(iterator.value());
        }
      }
      ViewDatabase.failIfBroken(iterator);
      List<byte[]> values = read.getAll(asRead, positions);
      List<Entry> entries = new ArrayList<>(positions.size());
      for (int i = 0; i < positions.size(); i++) {
        entries.add(entry(positions.get(i), values.get(i)));
      }
      return entries;
    }
  }

  /**
   * Up to {@code limit} changes in topic order (partition, then offset), each at or past
   * {@code next} of its partition: where a stream resumes, a seek per partition.
   */
  public List<Entry> readFrom(IntToLongFunction next, int limit) {
    List<Entry> entries = new ArrayList<>();
    try (ViewDatabase.Read read = database.read()) {
      RocksIterator iterator = read.iterator(asRead);
      int partition = 0;
      iterator.seek(position(partition, next.applyAsLong(partition)));
      while (iterator.isValid() && entries.size() < limit) {
        ByteBuffer position = ByteBuffer.wrap(iterator.key());
        int p = position.getInt();
        long offset = position.getLong();
        if (p != partition) {
          partition = p;
          if (offset < next.applyAsLong(p)) {
            iterator.seek(position(p, next.applyAsLong(p)));
            continue;
          }
        }
        entries.add(new Entry(decode(iterator.value()), p, offset));
        iterator.next();
      }
      ViewDatabase.failIfBroken(iterator);
    }
    return entries;
  }

  /**
   * Per partition that holds a change, the offset after its last one: where a stream that
   * wants only the changes still to come starts.
   */
  public Map<Integer, Long> ends() {
    Map<Integer, Long> ends = new TreeMap<>();
    try (ViewDatabase.Read read = database.read()) {
      RocksIterator iterator = read.iterator(asRead);
      // Partitions are the keys' first bytes: from the last key, step back one partition at a time.
      iterator.seekToLast();
      while (iterator.isValid()) {
        ByteBuffer position = ByteBuffer.wrap(iterator.key());
        int partition = position.getInt();
        ends.put(partition, position.getLong() + 1);
        if (partition == 0) {
          break;
        }
        iterator.seekForPrev(position(partition - 1, Long.MAX_VALUE));
      }
      ViewDatabase.failIfBroken(iterator);
    }
    return ends;
  }

  /** Signals that changes were appended; carries no data. */
  public Flux<Long> appended() {
    return appended.asFlux();
  }

  /** A position on the change topic, as bytes that sort by partition, then offset (both never negative). */
  private static byte[] position(int partition, long offset) {
    return ByteBuffer.allocate(12).putInt(partition).putLong(offset).array();
  }

  private static Entry entry(byte[] position, byte[] value) {
    ByteBuffer buffer = ByteBuffer.wrap(position);
    return new Entry(decode(value), buffer.getInt(), buffer.getLong());
  }

  private static StanceChanged decode(byte[] value) {
    return Topics.STANCE_CHANGES.valueSerde().deserializer().deserialize(Topics.STANCE_CHANGES.name(), value);
  }

  private static byte[] actorPrefix(String actor) {
    return (actor + "/").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] whole = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, whole, a.length, b.length);
    return whole;
  }
}
