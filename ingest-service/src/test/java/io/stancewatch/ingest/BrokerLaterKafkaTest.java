package io.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.events.Statement;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.LateBroker;
import io.stancewatch.testing.TopicReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** ingest-service started before its broker exists. */
class BrokerLaterKafkaTest {

  private static final String TOKEN = "broker-later-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void startsWithoutABrokerSaysDownAndTakesWritesOnceTheBrokerComes() throws Exception {
    try (LateBroker broker = LateBroker.reserve();
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
            "kafka.bootstrap.servers", broker.bootstrapServers(),
            "stancewatch.ingest.token", TOKEN,
            "micronaut.server.port", -1))) {
      HttpResponse<String> health = health(server);
      assertEquals(503, health.statusCode(), health.body());
      assertTrue(health.body().contains("\"DOWN\""), health.body());

      broker.start();
      Awaitility.await("/health UP once the broker answers").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500)).until(() -> health(server).statusCode() == 200);
      HttpResponse<String> accepted = RunningIngestService.post(server.getURI(), "/statements", "Bearer " + TOKEN,
          "application/json", """
              {"statementId": "late-1", "actor": "pete-hegseth", "topic": "ukraine-nato-membership",
               "stance": "OPPOSE", "occurredAt": "2025-02-12T15:00:00Z"}""".getBytes(StandardCharsets.UTF_8), false);
      assertEquals(202, accepted.statusCode(), accepted.body());

      List<String> logged = TopicReader.readAll(broker.bootstrapServers(), Topics.STATEMENTS, Duration.ofSeconds(10))
          .stream().map(r -> ((Statement) r.value().getPayload()).getStatementId()).toList();
      assertEquals(List.of("late-1"), logged);
      // micronaut-kafka's broker check and the statement log's producer metrics.
      assertTrue(health(server).body().contains("\"kafka\":{"));
      String metrics = get(server, "/prometheus").body();
      assertTrue(metrics.lines().anyMatch(l -> l.startsWith("kafka_producer_record_send")), metrics);
    }
  }

  private static HttpResponse<String> health(EmbeddedServer server) throws Exception {
    return get(server, "/health");
  }

  private static HttpResponse<String> get(EmbeddedServer server, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(server.getURI().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
