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
import java.util.HashMap;
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
 * reader thread did at 1,000 statements a second (docs/PERFORMANCE.md). Walking the Avro
 * binary to find where each pair starts and ends creates no objects; only the pairs whose
 * bytes differ are decoded.
 *
 * <p>The walk checks what decoding would (lengths, union and enum indexes, truncation), so an
 * undecodable snapshot is still refused whole. A snapshot in another writer schema than the
 * current {@code ActorStances} is decoded whole, as before, and keeps no bytes.
 */
final class SnapshotDecoder {

  /**
   * The record's value and where each of its pairs sits in it, by topic: what the next
   * snapshot of the actor is compared with.
   */
  record PairBytes(byte[] snapshot, Map<String, int[]> ranges) {

    boolean same(String topic, byte[] other, int from, int to) {
      int[] range = ranges.get(topic);
      return range != null && Arrays.equals(snapshot, range[0], range[1], other, from, to);
    }
  }

  /** The actor's state, and its pairs' bytes (null when the snapshot was decoded whole). */
  record Decoded(ActorState state, PairBytes pairs) {}

  private static final Schema SNAPSHOT = ActorStances.getClassSchema();
  private static final Schema PAIR = TopicStance.getClassSchema();
  /** Avro single-object header of a snapshot in the current schema: {@code C3 01}, then the fingerprint. */
  private static final byte[] HEADER = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN)
      .put((byte) 0xC3).put((byte) 0x01).putLong(SchemaNormalization.parsingFingerprint64(SNAPSHOT)).array();

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
      return walk(value, previous);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException("Not a valid Avro single-object encoded value: " + e, e);
    }
  }

  private Decoded walk(byte[] value, Decoded previous) throws IOException {
    Cursor in = new Cursor(value, HEADER.length);
    String actor = null;
    String name = null;
    ActorKind kind = null;
    Map<String, PairState> pairs = new LinkedHashMap<>();
    Map<String, int[]> ranges = new HashMap<>();
    for (Schema.Field field : SNAPSHOT.getFields()) {
      switch (field.name()) {
        case "actor" -> actor = in.string();
        case "name" -> name = (String) in.nullable(field.schema());
        case "kind" -> {
          String symbol = (String) in.nullable(field.schema());
          kind = symbol == null ? null : ActorKind.valueOf(symbol);
        }
        case "topics" -> {
          for (long n = in.blockCount(); n != 0; n = in.blockCount()) {
            for (long i = 0; i < n; i++) {
              int from = in.position();
              // A pair's first field is its topic.
              String topic = in.string();
              in.skipFields(PAIR, 1);
              int to = in.position();
              ranges.put(topic, new int[] {from, to});
              boolean unchanged = previous != null && previous.pairs() != null
                  && previous.pairs().same(topic, value, from, to);
              pairs.put(topic, unchanged ? previous.state().topics().get(topic) : decodePair(value, from, to));
            }
          }
        }
        default -> in.skip(field.schema());
      }
    }
    return new Decoded(new ActorState(actor, name, kind, pairs), new PairBytes(value, ranges));
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

    void skipFields(Schema record, int from) {
      for (int i = from; i < record.getFields().size(); i++) {
        skip(record.getFields().get(i).schema());
      }
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
        case RECORD -> skipFields(schema, 0);
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
