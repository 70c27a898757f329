package io.stancewatch.stance.fold;

import io.stancewatch.schemas.FoldProgress.Position;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * An actor whose snapshot is due: what was folded into it since its last snapshot. Kept in a
 * changelogged store, so a crash between folding an event and publishing the snapshot loses
 * neither (the store and the input offsets commit together).
 *
 * @param firstOffset the first of the actor's own events in the task's log partition since
 *     its last snapshot, or null when only relays reached it
 * @param lastOffset the last such event, or null
 * @param timestamp the log timestamp of the last event folded: the snapshot's timestamp, so a
 *     replay publishes the same records
 * @param relaysPending positions of its statements on another actor's behalf
 * @param relaysDone positions of statements relayed into it
 */
record DueSnapshot(Long firstOffset, Long lastOffset, long timestamp, List<Position> relaysPending,
    List<Position> relaysDone) {

  DueSnapshot {
    relaysPending = List.copyOf(relaysPending);
    relaysDone = List.copyOf(relaysDone);
  }

  static DueSnapshot none() {
    return new DueSnapshot(null, null, 0, List.of(), List.of());
  }

  DueSnapshot withOwnEvent(long offset, long eventTimestamp) {
    return new DueSnapshot(firstOffset == null ? offset : firstOffset, offset, eventTimestamp, relaysPending, relaysDone);
  }

  DueSnapshot withRelayEvent(long eventTimestamp) {
    return new DueSnapshot(firstOffset, lastOffset, eventTimestamp, relaysPending, relaysDone);
  }

  DueSnapshot withRelayPending(Position position) {
    return new DueSnapshot(firstOffset, lastOffset, timestamp, append(relaysPending, position), relaysDone);
  }

  DueSnapshot withRelayDone(Position position) {
    return new DueSnapshot(firstOffset, lastOffset, timestamp, relaysPending, append(relaysDone, position));
  }

  private static List<Position> append(List<Position> positions, Position position) {
    List<Position> next = new ArrayList<>(positions);
    next.add(position);
    return next;
  }

  /** A compact binary form for the store: internal to stance-service, never published. */
  static Serde<DueSnapshot> serde() {
    return Serdes.serdeFrom((topic, due) -> due == null ? null : encode(due),
        (topic, bytes) -> bytes == null ? null : decode(bytes));
  }

  private static byte[] encode(DueSnapshot due) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeLong(due.firstOffset == null ? -1 : due.firstOffset);
      out.writeLong(due.lastOffset == null ? -1 : due.lastOffset);
      out.writeLong(due.timestamp);
      writePositions(out, due.relaysPending);
      writePositions(out, due.relaysDone);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DueSnapshot decode(byte[] bytes) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
      long first = in.readLong();
      long last = in.readLong();
      return new DueSnapshot(first < 0 ? null : first, last < 0 ? null : last, in.readLong(),
          readPositions(in), readPositions(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writePositions(DataOutputStream out, List<Position> positions) throws IOException {
    out.writeInt(positions.size());
    for (Position p : positions) {
      out.writeInt(p.partition());
      out.writeLong(p.offset());
    }
  }

  private static List<Position> readPositions(DataInputStream in) throws IOException {
    int n = in.readInt();
    List<Position> positions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      positions.add(new Position(in.readInt(), in.readLong()));
    }
    return positions;
  }
}
