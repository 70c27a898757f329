package io.stancewatch.query.view;

import io.stancewatch.domain.ActorState;
import io.stancewatch.domain.PairState;
import io.stancewatch.domain.Snapshots;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.ActorStances;
import io.stancewatch.events.TopicStance;
import io.stancewatch.schemas.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Decodes an actor's snapshot, reusing the pairs that are byte for byte as in the actor's
 * previous snapshot. A snapshot holds all of the actor's pairs (fifty in the bench) while an
 * event changes one, and decoding the other forty-nine again was half of what the view's
 * reader thread did at 1,000 statements a second (docs/PERFORMANCE.md).
 *
 * <p>Most often only the bytes of the changed pair differ: the pairs within the bytes both
 * snapshots start with, and within those they end with, are the previous ones (at shifted
 * places for the latter), and only the pairs in between are walked. Otherwise the whole
 * snapshot is walked, which finds where each pair starts and ends without creating objects,
 * and each pair is compared with the previous one at its place. Either way only pairs whose
 * bytes differ are decoded.
 *
 * <p>The walk checks what decoding would (lengths, union and enum indexes, truncation), and
 * the bytes not walked are those of a snapshot already checked, so an undecodable snapshot is
 * still refused whole. A snapshot in another writer schema than the current
 * {@code ActorStances} is decoded whole, as before, and keeps no bytes.
 */
final class SnapshotDecoder {

  /**
   * The record's value, and in the snapshot's order where each pair starts and ends in it and
   * the pair decoded from those bytes: what the actor's next snapshot is compared with.
   */
  record PairBytes(byte[] snapshot, int[] starts, int[] ends, PairState[] pairs, boolean oneBlock) {

    /** The pair at index {@code i}, if its bytes are {@code other[from, to)}; else null. */
    PairState sameAt(int i, byte[] other, int from, int to) {
      return i >= 0 && i < pairs.length && Arrays.equals(snapshot, starts[i], ends[i], other, from, to) ? pairs[i] : null;
    }

    /**
     * The index of the topic's pair, looked for at {@code hint} first; for a topic without a
     * pair here, {@code hint - 1}: the pair at {@code hint} then comes one place later.
     */
    int indexOf(String topic, int hint) {
      if (hint >= 0 && hint < pairs.length && pairs[hint].topic().equals(topic)) {
        return hint;
      }
      for (int i = 0; i < pairs.length; i++) {
        if (pairs[i].topic().equals(topic)) {
          return i;
        }
      }
      return hint - 1;
    }
  }

  /** The actor's state, and its pairs' bytes (null when the snapshot was decoded whole). */
  record Decoded(ActorState state, PairBytes pairs) {}

  private static final Schema SNAPSHOT = ActorStances.getClassSchema();
  private static final Schema PAIR = TopicStance.getClassSchema();
  /** Avro single-object header of a snapshot in the current schema: {@code C3 01}, then the fingerprint. */
  private static final byte[] HEADER = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN)
      .put((byte) 0xC3).put((byte) 0x01).putLong(SchemaNormalization.parsingFingerprint64(SNAPSHOT)).array();

  /** Whether the topics are the snapshot's last field, so that its pairs are followed only by the array's end. */
  private static final boolean TOPICS_LAST =
      SNAPSHOT.getFields().get(SNAPSHOT.getFields().size() - 1).name().equals("topics");

  private final SpecificDatumReader<TopicStance> pairReader;
  private BinaryDecoder reusedDecoder;

  SnapshotDecoder() {
    SpecificData model = SpecificData.getForSchema(PAIR);
    model.setFastReaderEnabled(true);
    this.pairReader = new SpecificDatumReader<>(PAIR, PAIR, model);
  }

  /**
   * @param value a snapshot record's value, not null
   * @param previous the actor's last snapshot, or null
   * @throws SerializationException when the value is not a valid snapshot
   */
  Decoded decode(byte[] value, Decoded previous) {
    if (value.length < HEADER.length || !Arrays.equals(value, 0, HEADER.length, HEADER, 0, HEADER.length)) {
      ActorStances whole = Topics.ACTOR_STANCES.valueSerde().deserializer().deserialize(Topics.ACTOR_STANCES.name(), value);
      return new Decoded(Snapshots.toDomain(whole), null);
    }
    try {
      Decoded changed = previous == null || previous.pairs() == null ? null : changedOnly(value, previous);
      return changed != null ? changed : walk(value, previous);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Not a valid Avro single-object encoded value: " + e, e);
    }
  }

  private Decoded walk(byte[] value, Decoded previous) throws IOException {
    Cursor in = new Cursor(value, HEADER.length);
    PairBytes before = previous == null ? null : previous.pairs();
    String actor = null;
    String name = null;
    ActorKind kind = null;
    int count = 0;
    int blocks = 0;
    int[] starts = new int[0];
    int[] ends = new int[0];
    PairState[] pairs = new PairState[0];
    for (Schema.Field field : SNAPSHOT.getFields()) {
      switch (field.name()) {
        case "actor" -> actor = in.string();
        case "name" -> name = (String) in.nullable(field.schema());
        case "kind" -> {
          String symbol = (String) in.nullable(field.schema());
          kind = symbol == null ? null : ActorKind.valueOf(symbol);
        }
        case "topics" -> {
          // Pairs are compared by position, shifted past topics the actor gained since.
          int shift = 0;
          for (long n = in.blockCount(); n != 0; n = in.blockCount(), blocks++) {
            starts = Arrays.copyOf(starts, Math.addExact(count, Math.toIntExact(n)));
            ends = Arrays.copyOf(ends, starts.length);
            pairs = Arrays.copyOf(pairs, starts.length);
            for (long i = 0; i < n; i++, count++) {
              int from = in.position();
              in.skip(PAIR);
              int to = in.position();
              PairState pair = before == null ? null : before.sameAt(count - shift, value, from, to);
              if (pair == null) {
                pair = decodePair(value, from, to);
                shift = before == null ? 0 : count - before.indexOf(pair.topic(), count - shift);
              }
              starts[count] = from;
              ends[count] = to;
              pairs[count] = pair;
            }
          }
        }
        default -> in.skip(field.schema());
      }
    }
    return decoded(actor, name, kind, new PairBytes(value, starts, ends, pairs, blocks == 1));
  }

  /**
   * The common case, one pair changed: what the snapshot shares with the previous one from its
   * start, and from its end, is the same pairs at the same or shifted places, so only the
   * pairs in between are walked. Null when that does not apply (the actor's name, kind or
   * number of topics changed, or a snapshot written in several blocks): walk it all.
   */
  private Decoded changedOnly(byte[] value, Decoded previous) throws IOException {
    PairBytes before = previous.pairs();
    int n = before.pairs().length;
    if (!TOPICS_LAST || !before.oneBlock() || n == 0) {
      return null;
    }
    byte[] old = before.snapshot();
    int head = Arrays.mismatch(old, value);
    if (head == -1) {
      return previous;
    }
    if (head < before.starts()[0]) {
      return null;
    }
    int tail = commonSuffix(old, value, Math.min(old.length, value.length) - head);
    int shift = value.length - old.length;
    int[] starts = new int[n];
    int[] ends = new int[n];
    PairState[] pairs = new PairState[n];
    int i = 0;
    for (; i < n && before.ends()[i] <= head; i++) {
      starts[i] = before.starts()[i];
      ends[i] = before.ends()[i];
      pairs[i] = before.pairs()[i];
    }
    // Past the last pair common to both: the array's end, when every pair is.
    Cursor in = new Cursor(value, i < n ? before.starts()[i] : before.ends()[n - 1]);
    for (; i < n; i++) {
      int from = in.position();
      if (from >= value.length - tail && from - shift == before.starts()[i]) {
        // From here on the bytes are the previous snapshot's, shifted: its last pairs and its end.
        for (; i < n; i++) {
          starts[i] = before.starts()[i] + shift;
          ends[i] = before.ends()[i] + shift;
          pairs[i] = before.pairs()[i];
        }
        return decoded(previous.state(), new PairBytes(value, starts, ends, pairs, true));
      }
      in.skip(PAIR);
      PairState same = before.sameAt(i, value, from, in.position());
      starts[i] = from;
      ends[i] = in.position();
      pairs[i] = same != null ? same : decodePair(value, from, in.position());
    }
    return in.blockCount() != 0 ? null : decoded(previous.state(), new PairBytes(value, starts, ends, pairs, true));
  }

  private static Decoded decoded(ActorState identity, PairBytes pairs) {
    return decoded(identity.actor(), identity.name(), identity.kind(), pairs);
  }

  private static Decoded decoded(String actor, String name, ActorKind kind, PairBytes pairs) {
    Map<String, PairState> topics = new LinkedHashMap<>();
    for (PairState pair : pairs.pairs()) {
      topics.put(pair.topic(), pair);
    }
    return new Decoded(new ActorState(actor, name, kind, topics), pairs);
  }

  /** How many bytes {@code a} and {@code b} end with in common, up to {@code max}. */
  private static int commonSuffix(byte[] a, byte[] b, int max) {
    int common = 0;
    // In chunks first, which Arrays.equals compares many bytes at a time.
    while (common + 256 <= max
        && Arrays.equals(a, a.length - common - 256, a.length - common, b, b.length - common - 256, b.length - common)) {
      common += 256;
    }
    while (common < max && a[a.length - 1 - common] == b[b.length - 1 - common]) {
      common++;
    }
    return common;
  }

  private PairState decodePair(byte[] bytes, int from, int to) throws IOException {
    reusedDecoder = DecoderFactory.get().binaryDecoder(bytes, from, to - from, reusedDecoder);
    return Snapshots.toDomain(pairReader.read(null, reusedDecoder));
  }

  /** Reads Avro binary in place: values are skipped, and only the few read are built. */
  private static final class Cursor {
    private final byte[] bytes;
    private int position;

    Cursor(byte[] bytes, int position) {
      this.bytes = bytes;
      this.position = position;
    }

    int position() {
      return position;
    }

    /** Avro's long and int: zig-zag, seven bits a byte, low bits first. */
    long varLong() {
      long raw = 0;
      for (int shift = 0; ; shift += 7) {
        if (shift > 63) {
          throw new IllegalArgumentException("Invalid long encoding at " + position);
        }
        int b = bytes[position++] & 0xFF;
        raw |= (long) (b & 0x7F) << shift;
        if ((b & 0x80) == 0) {
          return (raw >>> 1) ^ -(raw & 1);
        }
      }
    }

    String string() {
      int length = length();
      String s = new String(bytes, position, length, StandardCharsets.UTF_8);
      position += length;
      return s;
    }

    /** A union of null and a string or an enum: null, the string, or the enum's symbol. */
    Object nullable(Schema union) {
      Schema branch = union.getTypes().get(index(union.getTypes().size()));
      return switch (branch.getType()) {
        case NULL -> null;
        case STRING -> string();
        case ENUM -> branch.getEnumSymbols().get(index(branch.getEnumSymbols().size()));
        default -> throw new IllegalStateException("Unexpected union branch " + branch);
      };
    }

    /** The item count of the next block of an array or map; a negative count is followed by the block's size. */
    long blockCount() {
      long n = varLong();
      if (n < 0) {
        varLong();
        return -n;
      }
      return n;
    }

    void skip(Schema schema) {
      switch (schema.getType()) {
        case NULL -> { }
        case BOOLEAN -> advance(1);
        case INT, LONG -> varLong();
        case FLOAT -> advance(4);
        case DOUBLE -> advance(8);
        case STRING, BYTES -> advance(length());
        case FIXED -> advance(schema.getFixedSize());
        case ENUM -> index(schema.getEnumSymbols().size());
        case UNION -> skip(schema.getTypes().get(index(schema.getTypes().size())));
        case RECORD -> {
          for (Schema.Field field : schema.getFields()) {
            skip(field.schema());
          }
        }
        case ARRAY -> {
          for (long n = blockCount(); n != 0; n = blockCount()) {
            for (long i = 0; i < n; i++) {
              skip(schema.getElementType());
            }
          }
        }
        case MAP -> {
          for (long n = blockCount(); n != 0; n = blockCount()) {
            for (long i = 0; i < n; i++) {
              advance(length());
              skip(schema.getValueType());
            }
          }
        }
      }
    }

    private int length() {
      long length = varLong();
      if (length < 0 || length > bytes.length - position) {
        throw new IllegalArgumentException("Invalid length " + length + " at " + position);
      }
      return (int) length;
    }

    private int index(int size) {
      long index = varLong();
      if (index < 0 || index >= size) {
        throw new IllegalArgumentException("Index " + index + " out of range at " + position);
      }
      return (int) index;
    }

    private void advance(int n) {
      if (n > bytes.length - position) {
        throw new IndexOutOfBoundsException("Truncated at " + position);
      }
      position += n;
    }
  }
}
