package io.stancewatch.stance.fold;

import io.stancewatch.events.ActorKind;
import io.stancewatch.events.ActorStances;
import io.stancewatch.events.TopicStance;
import io.stancewatch.schemas.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Writes an actor's snapshot (an {@code ActorStances} value, single-object encoded) from the
 * stored bytes of its pairs, without decoding them. Avro writes an array of records as a
 * count followed by each record's own encoding, so the pairs' stored encodings are spliced in
 * as they are; only the actor's slug, name and kind go through Avro's encoder. A snapshot of
 * fifty pairs was most of the fold's work when each event reached another actor (issue 6):
 * decoding fifty pairs and encoding them again, per snapshot.
 *
 * <p>The result is byte for byte what encoding the decoded snapshot would give. Every pair must
 * be stored in the current {@code TopicStance} schema, as the fold itself could not read it
 * otherwise ({@link io.stancewatch.schemas.SchemaCatalog} resolves top-level schemas only).
 */
final class SnapshotEncoder {

  static final AvroSerde<TopicStance> PAIRS = new AvroSerde<>(TopicStance.getClassSchema());
  private static final AvroSerde<ActorStances> SNAPSHOTS = new AvroSerde<>(ActorStances.getClassSchema());
  /** Avro single-object header of a pair in the current schema: {@code C3 01}, then the fingerprint. */
  private static final byte[] PAIR_HEADER = header(TopicStance.getClassSchema());

  static {
    List<Schema.Field> fields = ActorStances.getClassSchema().getFields();
    Schema.Field last = fields.get(fields.size() - 1);
    // The splice relies on the topics array being the last field, of exactly the pair schema.
    if (!last.name().equals("topics") || !last.schema().getElementType().equals(TopicStance.getClassSchema())) {
      throw new IllegalStateException("ActorStances must end with topics, an array of TopicStance");
    }
  }

  private SnapshotEncoder() {}

  /** @param pairs the stored encodings of the actor's pairs, in the order of the snapshot */
  static byte[] encode(String actor, String name, ActorKind kind, List<byte[]> pairs) {
    // With no topics, the encoding ends in the empty array's terminating 0: the pairs go there.
    byte[] head = SNAPSHOTS.encode(ActorStances.newBuilder().setActor(actor).setName(name).setKind(kind)
        .setTopics(List.of()).build());
    // Sized exactly, and written in place: a snapshot is about 29 KB, published per event at full load.
    int size = head.length - 1 + (pairs.isEmpty() ? 0 : longSize(pairs.size())) + 1;
    for (byte[] pair : pairs) {
      if (!hasHeader(pair)) {
        throw new IllegalStateException("A pair is stored in another schema than the current TopicStance");
      }
      size += pair.length - PAIR_HEADER.length;
    }
    byte[] out = new byte[size];
    System.arraycopy(head, 0, out, 0, head.length - 1);
    int at = head.length - 1;
    if (!pairs.isEmpty()) {
      at = writeLong(out, at, pairs.size());
      for (byte[] pair : pairs) {
        System.arraycopy(pair, PAIR_HEADER.length, out, at, pair.length - PAIR_HEADER.length);
        at += pair.length - PAIR_HEADER.length;
      }
    }
    out[at] = 0;
    return out;
  }

  private static boolean hasHeader(byte[] pair) {
    return pair.length >= PAIR_HEADER.length
        && Arrays.equals(pair, 0, PAIR_HEADER.length, PAIR_HEADER, 0, PAIR_HEADER.length);
  }

  private static byte[] header(Schema schema) {
    return ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put((byte) 0xC3).put((byte) 0x01)
        .putLong(SchemaNormalization.parsingFingerprint64(schema)).array();
  }

  /** Avro's long: zig-zag, then seven bits a byte, low bits first. Returns the position after it. */
  private static int writeLong(byte[] out, int at, long value) {
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      out[at++] = (byte) ((n & 0x7F) | 0x80);
      n >>>= 7;
    }
    out[at++] = (byte) n;
    return at;
  }

  private static int longSize(long value) {
    return writeLong(new byte[10], 0, value);
  }
}
