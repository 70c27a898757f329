package io.stancewatch.query.view;

import io.stancewatch.schemas.DeadLetters;
import io.stancewatch.schemas.DeadLetters.Origin;
import io.stancewatch.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the records of query-service's inputs that do not decode to
 * {@code stancewatch.statements.dlq}, as received, with the {@link DeadLetters} headers.
 *
 * <p>Every instance reads every partition of its inputs from the beginning at every start, so
 * writing each undecodable record it meets would add a copy per instance and per start. So
 * the reader also reads the dead-letter topic, and a record is written only once that topic
 * has been read to its end and holds no letter of the same origin. What is left: instances
 * that meet the same record at the same moment can each write a copy (they share the origin
 * headers: deduplicate on them), and a write that fails is retried at the next start only.
 *
 * <p>Used by the reader thread only.
 */
final class DeadLetterReporter implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReporter.class);

  private final Set<String> inputs;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Set<Origin> written = new HashSet<>();
  private final List<ProducerRecord<byte[], byte[]>> pending = new ArrayList<>();

  /** @param producerConfig micronaut-kafka's {@code kafka.producers.dead-letters} */
  DeadLetterReporter(Properties producerConfig, Set<String> inputs) {
    this.inputs = inputs;
    this.producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Notes a letter read from the dead-letter topic, so that its origin is not written again. */
  void letterRead(Headers headers) {
    DeadLetters.origin(headers).filter(origin -> inputs.contains(origin.topic())).ifPresent(written::add);
  }

  /** Queues a record of an input that did not decode; {@link #writePending} sends it if no letter names it yet. */
  void undecodable(ConsumerRecord<byte[], byte[]> record, Exception error) {
    pending.add(new ProducerRecord<>(Topics.STATEMENTS_DLQ.name(), null, record.timestamp(), record.key(), record.value(),
        DeadLetters.headers(record.headers(), error, new Origin(record.topic(), record.partition(), record.offset()))));
  }

  /**
   * Sends the queued records that no letter names, once the reader has read the dead-letter
   * topic up to its committed end ({@code lettersEnd} is asked only when something is queued).
   */
  void writePending(Supplier<Map<TopicPartition, Long>> lettersEnd, ToLongFunction<TopicPartition> position) {
    if (pending.isEmpty()
        || lettersEnd.get().entrySet().stream().anyMatch(e -> position.applyAsLong(e.getKey()) < e.getValue())) {
      return;
    }
    for (ProducerRecord<byte[], byte[]> letter : pending) {
      Origin origin = DeadLetters.origin(letter.headers()).orElseThrow();
      if (written.add(origin)) {
        producer.send(letter, (sent, e) -> {
          if (e != null) {
            LOG.error("Could not write the dead letter of {}; the next start tries again", origin, e);
          }
        });
      }
    }
    pending.clear();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
