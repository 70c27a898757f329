package io.stancewatch.stance.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.LateBroker;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** stance-service started before its broker exists. */
class BrokerLaterKafkaTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void startsWithoutABrokerSaysDownAndFoldsOnceTheBrokerComes() throws Exception {
    Path stateDir = Files.createTempDirectory("stance-broker-later");
    try (LateBroker broker = LateBroker.reserve();
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "kafka.bootstrap.servers", broker.bootstrapServers(),
            "kafka.streams.default.state.dir", stateDir.toString(),
            "micronaut.server.port", -1))) {
      HttpResponse<String> health = get(server, "/health");
      assertEquals(503, health.statusCode(), health.body());
      assertTrue(health.body().contains("\"DOWN\""), health.body());

      broker.start();
      Awaitility.await("/health UP once the broker answers").atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(500)).until(() -> get(server, "/health").statusCode() == 200);
      try (KafkaProducer<String, StatementEvent> producer = new KafkaProducer<>(
          Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
          Topics.STATEMENTS.keySerde().serializer(), Topics.STATEMENTS.valueSerde().serializer())) {
        Statement statement = Statement.newBuilder().setStatementId("late-1").setActor("pete-hegseth")
            .setTopic("ukraine-nato-membership").setStance(Stance.OPPOSE).setStrength(1.0)
            .setOccurredAt(Instant.parse("2025-02-12T10:00:00Z")).build();
        producer.send(new ProducerRecord<>(Topics.STATEMENTS.name(), "pete-hegseth", new StatementEvent(statement))).get();
      }

      List<StanceChanged> changes = TopicReader.readUntil(broker.bootstrapServers(), Topics.STANCE_CHANGES,
          read -> !read.isEmpty(), Duration.ofSeconds(60)).stream().map(ConsumerRecord::value).toList();
      assertEquals(List.of("late-1"), changes.stream().map(StanceChanged::getCauseStatementId).toList());
    }
  }

  private static HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(server.getURI().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
