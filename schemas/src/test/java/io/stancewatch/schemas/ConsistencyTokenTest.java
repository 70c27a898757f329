package io.stancewatch.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsistencyTokenTest {

  @Test
  void roundTripsThroughItsOpaqueForm() {
    ConsistencyToken token = new ConsistencyToken(Map.of(2, 17L, 0, 5L));
    String encoded = token.encode();
    assertEquals(token, ConsistencyToken.decode(encoded));
    assertEquals(-1, encoded.indexOf('='), "URL-safe without padding");
  }

  @Test
  void mergeKeepsTheLaterOffsetPerPartition() {
    ConsistencyToken a = new ConsistencyToken(Map.of(0, 5L, 1, 9L));
    ConsistencyToken b = new ConsistencyToken(Map.of(1, 3L, 2, 4L));
    assertEquals(Map.of(0, 5L, 1, 9L, 2, 4L), a.merge(b).offsets());
  }

  @Test
  void rejectsWhatItDidNotWrite() {
    assertThrows(IllegalArgumentException.class, () -> ConsistencyToken.decode("not base64!"));
    assertThrows(IllegalArgumentException.class, () -> ConsistencyToken.decode("djE6"));
    assertThrows(IllegalArgumentException.class, () -> ConsistencyToken.decode("djI6MDo1"));
    assertThrows(IllegalArgumentException.class, () -> ConsistencyToken.decode("djE6eDo1"));
  }
}
