package io.stancewatch.stance.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.events.ActorStances;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.SharedKafka;
import io.stancewatch.testing.TopicReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The stance-service application on a real broker: exactly-once Kafka Streams with RocksDB state. */
class StanceServiceKafkaTest {

  @Test
  void foldsTheStatementLogIntoChangesAndSnapshots() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String hegseth = "pete-hegseth-" + run;
    String jonson = "pal-jonson-" + run;
    Path stateDir = Files.createDirectories(Path.of("target", "state-" + run));

    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
        "kafka.bootstrap.servers", SharedKafka.bootstrapServers(),
        "stancewatch.topics.partitions", SharedKafka.PARTITIONS,
        "stancewatch.streams.application.id", "stance-service-test-" + run,
        "stancewatch.streams.state.dir", stateDir.toString(),
        "micronaut.server.port", -1))) {
      StreamsRunner runner = server.getApplicationContext().getBean(StreamsRunner.class);
      Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> runner.state() == KafkaStreams.State.RUNNING);
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

      List<ActorStances> snapshots = TopicReader.readUntil(SharedKafka.bootstrapServers(), Topics.ACTOR_STANCES,
              read -> read.stream().anyMatch(r -> r.key().equals(hegseth)
                  && r.value().getTopics().get(0).getHistory().size() == 2), Duration.ofSeconds(60))
          .stream().map(ConsumerRecord::value).filter(s -> s.getActor().equals(hegseth)).toList();
      ActorStances latest = snapshots.get(snapshots.size() - 1);
      assertEquals(Stance.OPPOSE, latest.getTopics().get(0).getCurrent().getStance(),
          "the late older statement and the duplicate id leave the current stance alone");
      assertEquals(2, latest.getTopics().get(0).getCurrent().getStatements());
    }
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
