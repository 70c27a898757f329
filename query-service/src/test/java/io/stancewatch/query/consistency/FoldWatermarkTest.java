package io.stancewatch.query.consistency;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.schemas.ConsistencyToken;
import io.stancewatch.schemas.FoldProgress;
import io.stancewatch.schemas.FoldProgress.Position;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldWatermarkTest {

  private final FoldWatermark watermark = new FoldWatermark();

  @Test
  void aWriteIsCoveredOnceItsPartitionIsFoldedUpToItsOffset() {
    ConsistencyToken write = token(2, 7);
    assertFalse(watermark.covers(write));

    snapshot(new Position(2, 6), List.of(), List.of());
    assertFalse(watermark.covers(write));
    snapshot(new Position(1, 9), List.of(), List.of());
    assertFalse(watermark.covers(write), "another partition's progress says nothing of this one");
    snapshot(new Position(2, 8), List.of(), List.of());
    assertTrue(watermark.covers(write));
    snapshot(new Position(2, 3), List.of(), List.of());
    assertTrue(watermark.covers(write), "an older position read later moves nothing back");
  }

  @Test
  void aWriteOnAnotherActorsBehalfWaitsForItsRelay() {
    ConsistencyToken write = token(0, 4);
    snapshot(new Position(0, 5), List.of(new Position(0, 4), new Position(0, 5)), List.of());
    assertFalse(watermark.covers(write));

    snapshot(null, List.of(), List.of(new Position(0, 4)));
    assertTrue(watermark.covers(write));
    assertFalse(watermark.covers(token(0, 5)), "the relay of offset 5 is still pending");
  }

  @Test
  void aRelayReadBeforeItsSpeakersSnapshotIsNotWaitedFor() {
    snapshot(null, List.of(), List.of(new Position(3, 10)));
    snapshot(new Position(3, 10), List.of(new Position(3, 10)), List.of());
    assertTrue(watermark.covers(token(3, 10)));
  }

  private void snapshot(Position folded, List<Position> pending, List<Position> done) {
    watermark.record(FoldProgress.snapshotHeaders(folded, pending, done));
  }

  private static ConsistencyToken token(int partition, long offset) {
    return new ConsistencyToken(Map.of(partition, offset));
  }
}
