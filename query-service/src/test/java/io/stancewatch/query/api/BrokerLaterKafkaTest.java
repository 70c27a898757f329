package io.stancewatch.query.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.testing.LateBroker;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** query-service started before its broker exists. */
class BrokerLaterKafkaTest {

  @Test
  void startsWithoutABrokerSaysDownAndServesOnceTheBrokerComes() throws Exception {
    try (LateBroker broker = LateBroker.reserve();
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "kafka.bootstrap.servers", broker.bootstrapServers(),
            "stancewatch.view.state-dir", Files.createTempDirectory("query-broker-later").toString(),
            "micronaut.server.port", -1))) {
      QueryApi api = new QueryApi(server.getURI());
      HttpResponse<String> health = api.raw("/health");
      assertEquals(503, health.statusCode(), health.body());
      assertTrue(health.body().contains("\"DOWN\""), health.body());

      broker.start();
      Awaitility.await("/health UP once the broker answers").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500)).until(() -> api.raw("/health").statusCode() == 200);
      try (StanceServiceOutputs outputs = new StanceServiceOutputs(broker.bootstrapServers())) {
        outputs.publish(List.of(new StatementEvent(Statement.newBuilder().setStatementId("late-1")
            .setActor("pete-hegseth").setTopic("ceasefire").setStance(Stance.SUPPORT).setStrength(1.0)
            .setOccurredAt(Instant.parse("2025-02-12T10:00:00Z")).build())));
      }

      Awaitility.await("the pair served").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> api.get("/actors/pete-hegseth/stances/ceasefire").status() == 200);
      assertEquals("SUPPORT", api.ok("/actors/pete-hegseth/stances/ceasefire").get("stance").asText());
      // micronaut-kafka's broker check and the views' consumer metrics.
      assertTrue(api.raw("/health").body().contains("\"kafka\":{"));
      assertTrue(api.raw("/prometheus").body().lines().anyMatch(l -> l.startsWith("kafka_consumer_records_consumed")));
    }
  }
}
