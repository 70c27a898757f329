package io.stancewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.SharedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code ./stancewatch tail} on a real broker: read_committed, filters, start offsets, undecodable records. */
class ChangeTailKafkaTest {

  private static final String NATO = "ukraine-nato-membership";
  private static final String CEASEFIRE = "ceasefire";

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final String hegseth = "pete-hegseth-" + run;
  private final String jonson = "pal-jonson-" + run;

  @Test
  void fromTheBeginningPrintsOnlyCommittedChangesOfTheChosenActorAndTopic() throws Exception {
    RecordMetadata undecodable;
    try (KafkaProducer<String, StanceChanged> producer = changeProducer(Map.of(
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tail-test-" + run))) {
      producer.initTransactions();
      producer.beginTransaction();
      send(producer, change(hegseth, NATO, 1, null, Stance.OPPOSE, "h-1"));
      send(producer, change(jonson, NATO, 1, null, Stance.SUPPORT, "j-1"));
      send(producer, change(hegseth, CEASEFIRE, 1, null, Stance.SUPPORT, "h-2"));
      producer.commitTransaction();

      undecodable = sendBytes(hegseth, new byte[] {1, 2, 3});

      producer.beginTransaction();
      send(producer, change(hegseth, NATO, 2, Stance.OPPOSE, Stance.SUPPORT, "h-aborted"));
      producer.flush();
      producer.abortTransaction();

      producer.beginTransaction();
      send(producer, change(hegseth, NATO, 2, Stance.OPPOSE, Stance.NEUTRAL, "h-3"));
      producer.commitTransaction();
    }

    // Every record above shares the key, so one partition holds them in this order: the second
    // line is printed only after the aborted change and the undecodable record were passed.
    Captured tail = Captured.running(new TailOptions(SharedKafka.bootstrapServers(), hegseth, NATO, true));
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> tail.lines().size() >= 2);
    tail.stop();

    assertEquals(List.of(
        ("{\"actor\":\"%s\",\"topic\":\"ukraine-nato-membership\",\"previousStance\":null,\"newStance\":\"OPPOSE\","
            + "\"previousPosition\":null,\"newPosition\":-1.0,\"causeStatementId\":\"h-1\",\"cause\":\"STATEMENT\","
            + "\"occurredAt\":\"2025-02-12T15:00:00Z\",\"detectedAt\":\"2025-02-12T15:00:01.500Z\",\"sequence\":1,"
            + "\"via\":null}").formatted(hegseth),
        ("{\"actor\":\"%s\",\"topic\":\"ukraine-nato-membership\",\"previousStance\":\"OPPOSE\",\"newStance\":\"NEUTRAL\","
            + "\"previousPosition\":-1.0,\"newPosition\":0.0,\"causeStatementId\":\"h-3\",\"cause\":\"STATEMENT\","
            + "\"occurredAt\":\"2025-02-12T15:00:00Z\",\"detectedAt\":\"2025-02-12T15:00:01.500Z\",\"sequence\":2,"
            + "\"via\":null}").formatted(hegseth)),
        tail.lines());
    assertEquals(1, tail.warnings().size(), tail.warnings().toString());
    String expectedWarning = "tail: skipped an undecodable record at partition %d offset %d: Not a valid Avro"
        .formatted(undecodable.partition(), undecodable.offset());
    assertTrue(tail.warnings().get(0).startsWith(expectedWarning), tail.warnings().get(0));
  }

  @Test
  void byDefaultStartsAtTheEndOfTheTopicWhenItStarts() throws Exception {
    try (KafkaProducer<String, StanceChanged> producer = changeProducer(Map.of())) {
      send(producer, change(hegseth, NATO, 1, null, Stance.OPPOSE, "h-before"));
      Captured tail = Captured.running(new TailOptions(SharedKafka.bootstrapServers(), hegseth, null, false));
      send(producer, change(hegseth, NATO, 2, Stance.OPPOSE, Stance.SUPPORT, "h-after"));

      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !tail.lines().isEmpty());
      tail.stop();

      assertEquals(List.of("h-after"), tail.lines().stream()
          .map(line -> line.replaceAll(".*\"causeStatementId\":\"([^\"]+)\".*", "$1")).toList());
    }
  }

  /** A tail running on its own thread, printing into memory. */
  private record Captured(ChangeTail tail, Thread thread, ByteArrayOutputStream out, ByteArrayOutputStream err) {

    static Captured running(TailOptions options) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      ChangeTail tail = ChangeTail.open(options, utf8(out), utf8(err));
      Thread thread = new Thread(tail::run, "tail-under-test");
      thread.start();
      return new Captured(tail, thread, out, err);
    }

    List<String> lines() {
      return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    List<String> warnings() {
      return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    void stop() throws InterruptedException {
      tail.stop();
      thread.join(Duration.ofSeconds(10).toMillis());
      assertFalse(thread.isAlive(), "stop() ends the loop and closes the consumer");
    }

    private static PrintStream utf8(ByteArrayOutputStream bytes) {
      return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
  }

  private static KafkaProducer<String, StanceChanged> changeProducer(Map<String, Object> extra) {
    Map<String, Object> config = new HashMap<>(extra);
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    return new KafkaProducer<>(config,
        Topics.STANCE_CHANGES.keySerde().serializer(), Topics.STANCE_CHANGES.valueSerde().serializer());
  }

  private static void send(KafkaProducer<String, StanceChanged> producer, StanceChanged change) throws Exception {
    producer.send(new ProducerRecord<>(Topics.STANCE_CHANGES.name(), change.getActor(), change)).get();
  }

  private static RecordMetadata sendBytes(String key, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(Topics.STANCE_CHANGES.name(),
          key.getBytes(StandardCharsets.UTF_8), value)).get();
    }
  }

  private static StanceChanged change(String actor, String topic, long sequence, Stance previous, Stance next,
      String cause) {
    return StanceChanged.newBuilder().setActor(actor).setTopic(topic)
        .setPreviousStance(previous).setPreviousPosition(position(previous))
        .setNewStance(next).setNewPosition(position(next))
        .setCauseStatementId(cause).setCause(ChangeCause.STATEMENT)
        .setOccurredAt(Instant.parse("2025-02-12T15:00:00Z")).setDetectedAt(Instant.parse("2025-02-12T15:00:01.500Z"))
        .setSequence(sequence).build();
  }

  private static Double position(Stance stance) {
    if (stance == null) {
      return null;
    }
    return switch (stance) {
      case SUPPORT -> 1.0;
      case OPPOSE -> -1.0;
      case NEUTRAL -> 0.0;
    };
  }
}
