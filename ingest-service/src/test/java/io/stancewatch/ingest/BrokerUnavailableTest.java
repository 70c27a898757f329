package io.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.testing.NoBroker;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An ingest-service whose broker cannot be reached answers every write 503 problem+json within
 * a bounded time, with the statement ids to retry with; it neither hangs nor fails with a 500.
 */
class BrokerUnavailableTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "unreachable-broker-token";
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(1);
  /** The ack timeout, the producer's bounded blocking calls, and slack for a loaded machine. */
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static EmbeddedServer server;

  @BeforeAll
  static void start() {
    server = ApplicationContext.run(EmbeddedServer.class, Map.of(
        "kafka.bootstrap.servers", NoBroker.address(),
        "stancewatch.ingest.token", TOKEN,
        "stancewatch.ingest.ack-timeout", ACK_TIMEOUT.toMillis() + "ms",
        "kafka.producers.statement-log.max.block.ms", 1000,
        "micronaut.server.port", -1));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void statementIsAnswered503WithItsIdToRetryWith() throws Exception {
    JsonNode problem = unavailable("/statements", """
        {"statementId": "retry-me-1", "actor": "pete-hegseth", "topic": "ukraine-nato-membership", "stance": "OPPOSE",
         "occurredAt": "2025-02-12T15:00:00Z"}""");

    assertEquals(List.of("retry-me-1"), ids(problem));
  }

  @Test
  void generatedStatementIdIsAnsweredSoARetryCanReuseIt() throws Exception {
    JsonNode problem = unavailable("/statements", """
        {"actor": "pete-hegseth", "topic": "ukraine-nato-membership", "stance": "OPPOSE",
         "occurredAt": "2025-02-12T15:00:00Z"}""");

    assertEquals(1, ids(problem).size());
    assertEquals(36, ids(problem).get(0).length(), "a generated UUID");
  }

  @Test
  void batchIsAnswered503WithEveryIdInOrder() throws Exception {
    String item = """
        {"statementId": "%s", "actor": "pal-jonson", "topic": "ceasefire", "stance": "SUPPORT",
         "occurredAt": "2025-02-13T10:00:00Z"}""";
    JsonNode problem = unavailable("/statements/batch",
        "[" + item.formatted("batch-a") + ", " + item.formatted("batch-b") + "]");

    assertEquals(List.of("batch-a", "batch-b"), ids(problem));
  }

  @Test
  void retractionIsAnswered503WithItsIdToRetryWith() throws Exception {
    JsonNode problem = unavailable("/retractions", """
        {"statementId": "retry-me-1", "actor": "pete-hegseth", "topic": "ukraine-nato-membership"}""");

    assertEquals(List.of("retry-me-1"), ids(problem));
  }

  private static JsonNode unavailable(String path, String body) throws Exception {
    HttpResponse<String> response = assertTimeoutPreemptively(BOUND, () -> RunningIngestService.post(server.getURI(),
        path, "Bearer " + TOKEN, "application/json", body.getBytes(StandardCharsets.UTF_8), false),
        "a write the broker cannot take is answered, not left waiting");

    assertEquals(503, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    assertTrue(response.headers().firstValue("Retry-After").isPresent());
    JsonNode problem = JSON.readTree(response.body());
    assertEquals(503, problem.path("status").asInt());
    assertEquals("Service Unavailable", problem.path("title").asText());
    assertTrue(problem.path("detail").asText().contains("retry with the same statementId"), response.body());
    return problem;
  }

  private static List<String> ids(JsonNode problem) {
    return JSON.convertValue(problem.path("statementIds"), JSON.getTypeFactory()
        .constructCollectionType(List.class, String.class));
  }
}
