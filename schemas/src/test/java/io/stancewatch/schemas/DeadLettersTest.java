package io.stancewatch.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.schemas.DeadLetters.Origin;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  @Test
  void keepsTheReceivedHeadersAndNamesTheErrorAndOriginInReadableText() {
    Headers received = new RecordHeaders().add("trace", new byte[] {1, 2});

    Headers letter = DeadLetters.headers(received, new SerializationException("bad bytes"),
        new Origin("stancewatch.statements", 2, 41));

    assertEquals(List.of("trace", DeadLetters.ERROR, DeadLetters.ERROR_MESSAGE, DeadLetters.TOPIC, DeadLetters.PARTITION,
        DeadLetters.OFFSET), List.of(letter.toArray()).stream().map(Header::key).toList());
    assertArrayEquals(new byte[] {1, 2}, letter.lastHeader("trace").value());
    assertEquals("org.apache.kafka.common.errors.SerializationException", text(letter, DeadLetters.ERROR));
    assertEquals("bad bytes", text(letter, DeadLetters.ERROR_MESSAGE));
    assertEquals("2", text(letter, DeadLetters.PARTITION));
    assertEquals("41", text(letter, DeadLetters.OFFSET));
    assertEquals(Optional.of(new Origin("stancewatch.statements", 2, 41)), DeadLetters.origin(letter));
    assertEquals(1, received.toArray().length, "the received headers are not changed");
  }

  @Test
  void aLetterThatFailedAgainNamesItsLatestOrigin() {
    Headers first = DeadLetters.headers(new RecordHeaders(), new SerializationException(), new Origin("a", 0, 1));
    Headers again = DeadLetters.headers(first, new IllegalStateException("x"), new Origin("b", 3, 7));

    assertEquals(Optional.of(new Origin("b", 3, 7)), DeadLetters.origin(again));
    assertEquals("", text(first, DeadLetters.ERROR_MESSAGE), "no message is an empty one");
  }

  @Test
  void headersWithoutACompleteOriginNameNone() {
    assertEquals(Optional.empty(), DeadLetters.origin(new RecordHeaders()));
    assertEquals(Optional.empty(), DeadLetters.origin(new RecordHeaders()
        .add(DeadLetters.TOPIC, bytes("t")).add(DeadLetters.PARTITION, bytes("x")).add(DeadLetters.OFFSET, bytes("1"))));
  }

  private static String text(Headers headers, String key) {
    return new String(headers.lastHeader(key).value(), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
