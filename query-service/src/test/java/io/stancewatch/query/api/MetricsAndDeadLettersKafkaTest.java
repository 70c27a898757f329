package io.stancewatch.query.api;

import static io.stancewatch.query.api.LogEntries.named;
import static io.stancewatch.query.api.LogEntries.said;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Stance;
import io.stancewatch.schemas.DeadLetters;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.SharedKafka;
import io.stancewatch.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the shared query-service reports on its views: what {@code /prometheus} says they
 * applied, how far behind they are and how many streams are open, and the dead-letter topic
 * for a record of the stance topics that does not decode. Each test publishes for an actor of
 * its own.
 */
class MetricsAndDeadLettersKafkaTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private final EmbeddedServer server = RunningQueryService.shared();
  private final QueryApi api = new QueryApi(server.getURI());
  private StanceServiceOutputs outputs;

  @BeforeEach
  void openOutputs() {
    outputs = new StanceServiceOutputs();
  }

  @AfterEach
  void closeOutputs() {
    outputs.close();
  }

  @Test
  void prometheusShowsWhatTheViewsAppliedHowFarBehindTheyAreAndTheOpenStreams() throws Exception {
    String actor = "metered-" + RUN;
    String topic = "metered-topic-" + RUN;
    // Counted from views that hold all published so far, so that only this test's records are counted.
    RunningQueryService.awaitViewsHoldAllPublished(server);
    Map<String, Double> before = api.prometheus();
    outputs.publish(List.of(named(said("m-1", actor, topic, Stance.SUPPORT, "2025-04-01T00:00:00Z", null),
        "Metered", ActorKind.OTHER)));

    try (Sse sse = Sse.open(api.uri("/changes/stream?actor=" + actor), null)) {
      assertEquals("m-1", sse.next().data().get("causeStatementId").asText());
      Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        Map<String, Double> after = api.prometheus();
        assertTrue(after.get("stancewatch_stream_subscribers") >= 1, "this stream is open: " + after);
        for (String viewTopic : List.of(Topics.STANCES.name(), Topics.STANCE_HISTORY.name(), Topics.ACTORS.name(),
            Topics.STANCE_CHANGES.name())) {
          String applied = "stancewatch_view_records_applied_total{topic=\"" + viewTopic + "\"}";
          assertEquals(1, after.get(applied) - before.getOrDefault(applied, 0.0), 0.0, applied);
          for (int p = 0; p < SharedKafka.PARTITIONS; p++) {
            String labels = "{partition=\"" + p + "\",topic=\"" + viewTopic + "\"}";
            assertEquals(0.0, after.get("stancewatch_view_lag_records" + labels), labels);
            assertTrue(after.containsKey("stancewatch_view_record_age_seconds" + labels), labels);
          }
          assertTrue(after.entrySet().stream().anyMatch(e -> e.getKey().startsWith("stancewatch_view_record_age_seconds")
              && e.getKey().contains(viewTopic) && e.getValue() >= 0), "a record was read from " + viewTopic + ": " + after);
        }
      });
    }
    // The server notices a closed stream when it next writes to it: a heartbeat at the latest.
    Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> api.prometheus().get("stancewatch_stream_subscribers") == 0.0);
  }

  @Test
  void anUndecodableStanceGoesToTheDeadLetterTopicAndTheViewsKeepUpdating() throws Exception {
    String actor = "poisoned-" + RUN;
    String topic = "poisoned-topic-" + RUN;
    byte[] garbage = bytes("not a stance " + RUN);
    byte[] key = bytes(actor + "/" + topic);
    RecordMetadata poison;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      poison = producer.send(new ProducerRecord<>(Topics.STANCES.name(), null, key, garbage,
          new RecordHeaders().add("traceparent", bytes("00-abc-01")))).get();
    }
    outputs.publish(List.of(said("p-1", actor, topic, Stance.SUPPORT, "2025-04-01T00:00:00Z", null)));

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/actors/" + actor + "/stances").status() == 200);
    DeadLetters.Origin origin = new DeadLetters.Origin(Topics.STANCES.name(), poison.partition(), poison.offset());
    List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readUntil(SharedKafka.bootstrapServers(), Topics.STATEMENTS_DLQ,
            read -> read.stream().anyMatch(r -> DeadLetters.origin(r.headers()).equals(Optional.of(origin))),
            Duration.ofSeconds(30)).stream()
        .filter(r -> DeadLetters.origin(r.headers()).equals(Optional.of(origin))).toList();
    assertEquals(1, letters.size());
    assertArrayEquals(key, letters.get(0).key());
    assertArrayEquals(garbage, letters.get(0).value());
    assertEquals(List.of(
            "traceparent=00-abc-01",
            DeadLetters.ERROR + "=org.apache.kafka.common.errors.SerializationException",
            DeadLetters.ERROR_MESSAGE + "=Not a valid Avro single-object encoded value: Unrecognized header bytes: 0x6E 0x6F",
            DeadLetters.TOPIC + "=" + Topics.STANCES.name(),
            DeadLetters.PARTITION + "=" + poison.partition(),
            DeadLetters.OFFSET + "=" + poison.offset()),
        Arrays.stream(letters.get(0).headers().toArray())
            .map(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)).toList());
    assertEquals(200, api.get("/health").status(), "the reader still runs");
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
