package io.stancewatch.stance.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.inject.qualifiers.Qualifiers;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.events.PairStance;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.DeadLetters;
import io.stancewatch.schemas.Topic;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.SharedKafka;
import io.stancewatch.testing.TopicReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The stance-service application on a real broker: exactly-once Kafka Streams with RocksDB state. */
class StanceServiceKafkaTest {

  @Test
  void foldsTheStatementLogIntoChangesAndPairStances() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String hegseth = "pete-hegseth-" + run;
    String jonson = "pal-jonson-" + run;

    try (EmbeddedServer server = start(run)) {
      assertEquals(200, httpGet(server, "/health").statusCode());
      assertTrue(httpGet(server, "/prometheus").body().contains("jvm_memory_used_bytes"));

      publish(
          statement(hegseth + "-1", hegseth, Stance.OPPOSE, "2025-02-12T10:00:00Z"),
          statement(jonson + "-1", jonson, Stance.SUPPORT, "2025-02-13T10:00:00Z"),
          statement(hegseth + "-0", hegseth, Stance.SUPPORT, "2025-01-01T10:00:00Z"),
          statement(hegseth + "-1", hegseth, Stance.SUPPORT, "2025-03-01T10:00:00Z"));

      List<StanceChanged> changes = TopicReader.readUntil(SharedKafka.bootstrapServers(), Topics.STANCE_CHANGES,
              read -> ours(read, run).size() >= 2, Duration.ofSeconds(60))
          .stream().map(ConsumerRecord::value).filter(c -> c.getActor().endsWith(run)).toList();
      assertEquals(List.of(jonson + ":null->SUPPORT", hegseth + ":null->OPPOSE"),
          changes.stream().map(c -> c.getActor() + ":" + c.getPreviousStance() + "->" + c.getNewStance()).sorted().toList());

      String pair = hegseth + "/ukraine-nato-membership";
      List<PairStance> stances = TopicReader.readUntil(SharedKafka.bootstrapServers(), Topics.STANCES,
              read -> read.stream().anyMatch(r -> r.key().equals(pair) && r.value().getStatements() == 2),
              Duration.ofSeconds(60))
          .stream().filter(r -> r.key().equals(pair)).map(ConsumerRecord::value).toList();
      PairStance latest = stances.get(stances.size() - 1);
      assertEquals(Stance.OPPOSE, latest.getStance(),
          "the late older statement and the duplicate id leave the current stance alone");
      assertEquals(hegseth + "-1", latest.getStatementId());

      String metrics = httpGet(server, "/prometheus").body();
      // micronaut-kafka-streams binds Kafka Streams' own metrics, and reports on the streams and the broker.
      assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kafka_streams_commit_latency_avg")), metrics);
      String health = httpGet(server, "/health").body();
      assertTrue(health.contains("\"kafkaStreams\":{") && health.contains("\"kafka\":{"), health);
      assertTrue(counter(metrics, "stancewatch_fold_events_total") >= 4, metrics);
      assertTrue(counter(metrics, "stancewatch_fold_changes_total") >= 2, metrics);
      // Caught up, every partition's lag comes down to 0, the ones holding the statements above included.
      Awaitility.await("the fold's lag per log partition, caught up").atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> {
            List<String> lags = lags(httpGet(server, "/prometheus").body());
            assertEquals(SharedKafka.PARTITIONS, lags.size(), "a lag per log partition: " + lags);
            assertTrue(lags.stream().allMatch(l -> l.endsWith(" 0.0")), lags.toString());
          });
    }
  }

  private static List<String> lags(String metrics) {
    return metrics.lines().filter(l -> l.startsWith("stancewatch_fold_lag{")).toList();
  }

  /** The value of an untagged counter in Prometheus text format. */
  private static double counter(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  /** One broker, so one replica and one in sync; what matters here is that each topic sets it itself. */
  @Test
  void theContractsTopicsAndTheFoldsInternalTopicsSetTheirMinInsyncReplicas() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (EmbeddedServer server = start(run); Admin admin = SharedKafka.admin()) {
      String internalPrefix = "stance-service-test-" + run + "-";
      List<String> internal = admin.listTopics().names().get().stream().filter(n -> n.startsWith(internalPrefix)).toList();
      assertFalse(internal.isEmpty(), "Kafka Streams created its changelogs before RUNNING");

      List<ConfigResource> topics = Stream.concat(Topics.ALL.stream().map(Topic::name), internal.stream())
          .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
      for (Map.Entry<ConfigResource, Config> topic : admin.describeConfigs(topics).all().get().entrySet()) {
        ConfigEntry minInsync = topic.getValue().get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        assertEquals("1", minInsync.value(), topic.getKey().name());
        assertEquals(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG, minInsync.source(),
            topic.getKey().name() + " sets it rather than taking the broker's default");
      }
    }
  }

  @Test
  void aPoisonPillGoesToTheDeadLetterTopicOnceAndTheFoldGoesOn() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String hegseth = "pete-hegseth-" + run;
    byte[] garbage = ("not avro " + run).getBytes(StandardCharsets.UTF_8);

    try (EmbeddedServer server = start(run)) {
      RecordMetadata poison;
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
          new ByteArraySerializer(), new ByteArraySerializer())) {
        poison = producer.send(new ProducerRecord<>(Topics.STATEMENTS.name(),
            hegseth.getBytes(StandardCharsets.UTF_8), garbage)).get();
      }
      publish(statement(hegseth + "-1", hegseth, Stance.OPPOSE, "2025-02-12T10:00:00Z"));

      // Same key, so same partition, after the poison pill: once its change is committed, so is the letter.
      TopicReader.readUntil(SharedKafka.bootstrapServers(), Topics.STANCE_CHANGES,
          read -> !ours(read, run).isEmpty(), Duration.ofSeconds(60));
      List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readAll(SharedKafka.bootstrapServers(),
              Topics.STATEMENTS_DLQ, Duration.ofSeconds(30)).stream()
          .filter(r -> DeadLetters.origin(r.headers()).equals(Optional.of(
              new DeadLetters.Origin(Topics.STATEMENTS.name(), poison.partition(), poison.offset()))))
          .toList();
      assertEquals(1, letters.size(), "exactly one dead letter, committed");
      assertArrayEquals(hegseth.getBytes(StandardCharsets.UTF_8), letters.get(0).key());
      assertArrayEquals(garbage, letters.get(0).value());
      assertEquals(SerializationException.class.getName(), new String(
          letters.get(0).headers().lastHeader(DeadLetters.ERROR).value(), StandardCharsets.UTF_8));
      assertEquals(KafkaStreams.State.RUNNING, streams(server).state());
    }
  }

  @Test
  void aStatementTooLargeToFoldIsSetAsideSaidOnHealthAndMetricsAndTheFoldGoesOn() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String hegseth = "pete-hegseth-" + run;
    String jonson = "pal-jonson-" + run;

    try (EmbeddedServer server = start(run, Map.of("stancewatch.fold.max-statement-bytes", 4096))) {
      publish(Statement.newBuilder(statement(hegseth + "-big", hegseth, Stance.OPPOSE, "2025-02-12T10:00:00Z"))
          .setQuote("q".repeat(5000)).build());
      // After it on its own partition, and another actor's: both are folded.
      publish(statement(hegseth + "-1", hegseth, Stance.SUPPORT, "2025-02-13T10:00:00Z"),
          statement(jonson + "-1", jonson, Stance.SUPPORT, "2025-02-13T10:00:00Z"));

      List<String> changed = TopicReader.readUntil(SharedKafka.bootstrapServers(), Topics.STANCE_CHANGES,
              read -> ours(read, run).size() >= 2, Duration.ofSeconds(60))
          .stream().filter(r -> r.key().endsWith(run)).map(r -> r.value().getCauseStatementId()).sorted().toList();
      assertEquals(List.of(jonson + "-1", hegseth + "-1"), changed, "the fold goes on, and nothing of the big one");
      List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readUntil(SharedKafka.bootstrapServers(),
              Topics.STATEMENTS_DLQ, read -> read.stream().anyMatch(r -> Arrays.equals(r.key(), bytes(hegseth))),
              Duration.ofSeconds(30)).stream().filter(r -> Arrays.equals(r.key(), bytes(hegseth))).toList();
      assertEquals(1, letters.size());
      assertEquals(RecordTooLargeException.class.getName(), new String(
          letters.get(0).headers().lastHeader(DeadLetters.ERROR).value(), StandardCharsets.UTF_8));
      HttpResponse<String> health = httpGet(server, "/health");
      assertEquals(200, health.statusCode(), "the fold goes on: " + health.body());
      // The shared log may hold other tests' poison pills, which this instance sets aside too.
      Matcher setAside = Pattern.compile("\"deadLetters\":(\\d+)").matcher(health.body());
      assertTrue(setAside.find() && Integer.parseInt(setAside.group(1)) >= 1, health.body());
      assertEquals(List.of("1.0"), httpGet(server, "/prometheus").body().lines()
          .filter(l -> l.startsWith("stancewatch_fold_dead_letters_total{") && l.contains("\"RecordTooLargeException\""))
          .map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList());
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The application with its own application id and state folder, once its streams run. */
  private static EmbeddedServer start(String run) throws Exception {
    return start(run, Map.of());
  }

  private static EmbeddedServer start(String run, Map<String, Object> more) throws Exception {
    Path stateDir = Files.createDirectories(Path.of("target", "state-" + run));
    Map<String, Object> config = new HashMap<>(Map.of(
        "kafka.bootstrap.servers", SharedKafka.bootstrapServers(),
        "stancewatch.topics.partitions", SharedKafka.PARTITIONS,
        "kafka.streams.default.application.id", "stance-service-test-" + run,
        "kafka.streams.default.state.dir", stateDir.toString(),
        "micronaut.server.port", -1));
    config.putAll(more);
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, config);
    try {
      KafkaStreams streams = streams(server);
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private static KafkaStreams streams(EmbeddedServer server) {
    return server.getApplicationContext().getBean(KafkaStreams.class, Qualifiers.byName("default"));
  }

  private static HttpResponse<String> httpGet(EmbeddedServer server, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.getURI().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static List<ConsumerRecord<String, StanceChanged>> ours(List<ConsumerRecord<String, StanceChanged>> read, String run) {
    return read.stream().filter(r -> r.key().endsWith(run)).toList();
  }

  private static void publish(Statement... statements) throws Exception {
    try (KafkaProducer<String, StatementEvent> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        Topics.STATEMENTS.keySerde().serializer(), Topics.STATEMENTS.valueSerde().serializer())) {
      for (Statement s : statements) {
        producer.send(new ProducerRecord<>(Topics.STATEMENTS.name(), s.getActor(), new StatementEvent(s))).get();
      }
    }
  }

  private static Statement statement(String id, String actor, Stance stance, String occurredAt) {
    return Statement.newBuilder().setStatementId(id).setActor(actor).setTopic("ukraine-nato-membership")
        .setStance(stance).setStrength(1.0).setOccurredAt(Instant.parse(occurredAt)).build();
  }
}
