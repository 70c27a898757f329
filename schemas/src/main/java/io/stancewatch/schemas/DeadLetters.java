package io.stancewatch.schemas;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers of a record on {@link Topics#STATEMENTS_DLQ} (contract section 6): the key, the
 * value and the original headers are kept as received, and these headers are added, each a
 * UTF-8 string, so that any client (or {@code kcat}) can read them. A record that failed more
 * than once carries them more than once: the last of each name is the latest failure.
 *
 * <p>The origin ({@link #TOPIC}, {@link #PARTITION}, {@link #OFFSET}) names the undecodable
 * record; two letters with the same origin are copies of one failure.
 */
public final class DeadLetters {

  /** Class name of the exception that stopped the decoding. */
  public static final String ERROR = "stancewatch-dlq-error";
  /** Its message (empty when it had none). */
  public static final String ERROR_MESSAGE = "stancewatch-dlq-error-message";
  /** Topic the undecodable record was read from. */
  public static final String TOPIC = "stancewatch-dlq-topic";
  /** Its partition, in decimal. */
  public static final String PARTITION = "stancewatch-dlq-partition";
  /** Its offset, in decimal. */
  public static final String OFFSET = "stancewatch-dlq-offset";

  /** Where an undecodable record was read. */
  public record Origin(String topic, int partition, long offset) {}

  private DeadLetters() {}

  /** A copy of the headers the record arrived with, plus the ones naming the error and its origin. */
  public static Headers headers(Headers received, Exception error, Origin origin) {
    RecordHeaders headers = new RecordHeaders(received.toArray());
    add(headers, ERROR, error.getClass().getName());
    add(headers, ERROR_MESSAGE, Objects.toString(error.getMessage(), ""));
    add(headers, TOPIC, origin.topic());
    add(headers, PARTITION, Integer.toString(origin.partition()));
    add(headers, OFFSET, Long.toString(origin.offset()));
    return headers;
  }

  /** The origin a letter names, or empty when its headers do not name a complete one. */
  public static Optional<Origin> origin(Headers headers) {
    String topic = lastValue(headers, TOPIC);
    String partition = lastValue(headers, PARTITION);
    String offset = lastValue(headers, OFFSET);
    if (topic == null || partition == null || offset == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Origin(topic, Integer.parseInt(partition), Long.parseLong(offset)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void add(Headers headers, String key, String value) {
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String lastValue(Headers headers, String key) {
    Header header = headers.lastHeader(key);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
