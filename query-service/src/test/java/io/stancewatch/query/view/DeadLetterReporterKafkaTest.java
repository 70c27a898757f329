package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.micronaut.context.ApplicationContext;
import io.stancewatch.schemas.DeadLetters;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.SharedKafka;
import io.stancewatch.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/** query-service instances read every input from the beginning at each start, yet report an undecodable record once. */
class DeadLetterReporterKafkaTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

  @Test
  void aRestartedInstanceDoesNotReportARecordAgain() throws Exception {
    byte[] actor = ("poisoned-" + RUN).getBytes(StandardCharsets.UTF_8);
    RecordMetadata first = sendChangeWithoutValue(actor);
    try (ApplicationContext instance = start()) {
      assertEquals(1, awaitLetters(first).size());
    }

    // Same key, so same partition, after the first: once the restarted instance has reported
    // this one, it has decided about the first.
    RecordMetadata second = sendChangeWithoutValue(actor);
    try (ApplicationContext restarted = start()) {
      List<ConsumerRecord<byte[], byte[]>> letters = awaitLetters(second);
      assertEquals(1, letters.size());
      assertNull(letters.get(0).value(), "the value as received: none");
      assertEquals(1, TopicReader.readAll(SharedKafka.bootstrapServers(), Topics.STATEMENTS_DLQ, Duration.ofSeconds(30))
          .stream().filter(r -> isLetterOf(r, first)).count(), "the first record is not reported again");
    }
  }

  private static ApplicationContext start() {
    return ApplicationContext.run(Map.of(
        "kafka.bootstrap.servers", SharedKafka.bootstrapServers(),
        "stancewatch.topics.partitions", SharedKafka.PARTITIONS));
  }

  private static RecordMetadata sendChangeWithoutValue(byte[] key) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(Topics.STANCE_CHANGES.name(), key, null)).get();
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> awaitLetters(RecordMetadata undecodable) {
    return TopicReader.readUntil(SharedKafka.bootstrapServers(), Topics.STATEMENTS_DLQ,
            read -> read.stream().anyMatch(r -> isLetterOf(r, undecodable)), Duration.ofSeconds(30))
        .stream().filter(r -> isLetterOf(r, undecodable)).toList();
  }

  private static boolean isLetterOf(ConsumerRecord<byte[], byte[]> letter, RecordMetadata undecodable) {
    return DeadLetters.origin(letter.headers()).equals(Optional.of(
        new DeadLetters.Origin(undecodable.topic(), undecodable.partition(), undecodable.offset())));
  }
}
