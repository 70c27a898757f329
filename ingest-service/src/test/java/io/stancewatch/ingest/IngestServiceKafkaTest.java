package io.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.ConsistencyToken;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.SharedKafka;
import io.stancewatch.testing.TopicReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** ingest-service over real HTTP on the real broker: what it accepts lands, what it rejects does not. */
class IngestServiceKafkaTest {

  private static final String TOKEN = RunningIngestService.TOKEN;
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void acceptedStatementIsOnTheLogOnceItIsAnswered() throws Exception {
    String actor = "pete-hegseth-" + UUID.randomUUID().toString().substring(0, 8);
    HttpResponse<String> response = post("/statements", TOKEN, "application/json", """
        {"actor": "%s", "actorName": "Pete Hegseth", "topic": "ukraine-nato-membership", "stance": "OPPOSE",
         "quote": "not a realistic outcome", "occurredAt": "2025-02-12T15:00:00Z"}""".formatted(actor));

    assertEquals(202, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    String id = body.get("statementId").asText();
    ConsistencyToken token = ConsistencyToken.decode(body.get("consistencyToken").asText());
    assertEquals(1, token.offsets().size());

    // Already committed when answered: a read_committed reader finds it without waiting for anything else.
    List<ConsumerRecord<String, StatementEvent>> ours = TopicReader.readUntil(SharedKafka.bootstrapServers(),
            Topics.STATEMENTS, read -> read.stream().anyMatch(r -> actor.equals(r.key())), Duration.ofSeconds(10))
        .stream().filter(r -> actor.equals(r.key())).toList();
    assertEquals(1, ours.size());
    ConsumerRecord<String, StatementEvent> record = ours.get(0);
    assertEquals(token.offsets(), Map.of(record.partition(), record.offset()));
    Statement statement = (Statement) record.value().getPayload();
    assertEquals(id, statement.getStatementId());
    assertEquals(Stance.OPPOSE, statement.getStance());
    assertEquals(Instant.parse("2025-02-12T15:00:00Z"), statement.getOccurredAt());
    assertEquals("Pete Hegseth", statement.getActorName());
  }

  @Test
  void rejectedRequestsArePublishedNowhere() throws Exception {
    long before = TopicReader.endOffsetSum(SharedKafka.bootstrapServers(), Topics.STATEMENTS);
    String valid = """
        {"actor": "pal-jonson", "topic": "ukraine-nato-membership", "stance": "SUPPORT", "occurredAt": "2025-02-13T10:00:00Z"}""";

    assertProblem(post("/statements", TOKEN, "application/json", valid.replace("SUPPORT", "YES")), 400, "stance");
    assertProblem(post("/statements", TOKEN, "application/json", valid.replace("}", ", \"mood\": 1}")), 400, "mood");
    assertProblem(post("/statements", TOKEN, "application/json", "{\"actor\": "), 400, null);
    assertProblem(post("/statements", null, "application/json", valid), 401, null);
    assertProblem(post("/statements", "wrong-token", "application/json", valid), 401, null);
    assertProblem(post("/statements", TOKEN, "text/plain", valid), 415, null);
    assertProblem(post("/statements", TOKEN, "application/json",
        valid.replace("}", ", \"quote\": \"" + "x".repeat(1024 * 1024) + "\"}")), 413, null);
    assertProblem(RunningIngestService.postOutsideTheDocument(RunningIngestService.uri(), "/no-such-path",
        "Bearer " + TOKEN, "application/json", valid.getBytes(StandardCharsets.UTF_8), false), 404, null);

    assertEquals(before, TopicReader.endOffsetSum(SharedKafka.bootstrapServers(), Topics.STATEMENTS),
        "no rejected request moved an end offset of the statement log");
  }

  @Test
  void batchLandsWholeInOneTransaction() throws Exception {
    String actor = "nato-" + UUID.randomUUID().toString().substring(0, 8);
    String item = """
        {"actor": "%s-%d", "topic": "ukraine-nato-membership", "stance": "SUPPORT", "occurredAt": "2025-02-13T10:00:00Z"}""";
    String batch = "[" + String.join(", ", item.formatted(actor, 1), item.formatted(actor, 2), item.formatted(actor, 3)) + "]";

    HttpResponse<String> response = post("/statements/batch", TOKEN, "application/json", batch);

    assertEquals(202, response.statusCode(), response.body());
    JsonNode body = JSON.readTree(response.body());
    assertEquals(3, body.get("statementIds").size());
    List<ConsumerRecord<String, StatementEvent>> ours = TopicReader.readUntil(SharedKafka.bootstrapServers(),
            Topics.STATEMENTS, read -> read.stream().filter(r -> r.key().startsWith(actor)).count() == 3,
            Duration.ofSeconds(10))
        .stream().filter(r -> r.key().startsWith(actor)).toList();
    assertEquals(3, ours.size());
    ConsistencyToken token = ConsistencyToken.decode(body.get("consistencyToken").asText());
    for (ConsumerRecord<String, StatementEvent> record : ours) {
      assertTrue(record.offset() <= token.offsets().get(record.partition()), "the token covers every item");
    }
  }

  @Test
  void invalidBatchPublishesNoneOfIt() throws Exception {
    long before = TopicReader.endOffsetSum(SharedKafka.bootstrapServers(), Topics.STATEMENTS);
    String good = """
        {"actor": "pal-jonson", "topic": "ukraine-nato-membership", "stance": "SUPPORT", "occurredAt": "2025-02-13T10:00:00Z"}""";

    assertProblem(post("/statements/batch", TOKEN, "application/json",
        "[" + good + ", " + good + ", " + good.replace("SUPPORT", "YES") + "]"), 400, "[2].stance");
    assertProblem(post("/statements/batch", TOKEN, "application/json",
        "[" + good + ", " + good.replace("2025-02-13T10:00:00Z", "2999-01-01T00:00:00Z") + "]"), 400, "[1].occurredAt");
    assertProblem(post("/statements/batch", TOKEN, "application/json", "[]"), 400, null);
    assertProblem(post("/statements/batch", TOKEN, "application/json", good), 400, null);

    assertEquals(before, TopicReader.endOffsetSum(SharedKafka.bootstrapServers(), Topics.STATEMENTS));
  }

  @Test
  void retractionIsAppendedToTheLogKeyedByActor() throws Exception {
    String actor = "volodymyr-zelenskyy-" + UUID.randomUUID().toString().substring(0, 8);
    long before = TopicReader.endOffsetSum(SharedKafka.bootstrapServers(), Topics.STATEMENTS);
    assertProblem(post("/retractions", TOKEN, "application/json",
        "{\"statementId\": \"z-1\", \"actor\": \"%s\"}".formatted(actor)), 400, "topic");
    assertProblem(post("/retractions", null, "application/json",
        "{\"statementId\": \"z-1\", \"actor\": \"%s\", \"topic\": \"land-swap\"}".formatted(actor)), 401, null);
    assertEquals(before, TopicReader.endOffsetSum(SharedKafka.bootstrapServers(), Topics.STATEMENTS));

    HttpResponse<String> response = post("/retractions", TOKEN, "application/json",
        "{\"statementId\": \"z-1\", \"actor\": \"%s\", \"topic\": \"land-swap\", \"reason\": \"misquoted\"}"
            .formatted(actor));

    assertEquals(202, response.statusCode(), response.body());
    assertEquals("z-1", JSON.readTree(response.body()).get("statementId").asText());
    Retraction retraction = (Retraction) TopicReader.readUntil(SharedKafka.bootstrapServers(), Topics.STATEMENTS,
            read -> read.stream().anyMatch(r -> actor.equals(r.key())), Duration.ofSeconds(10))
        .stream().filter(r -> actor.equals(r.key())).findFirst().orElseThrow().value().getPayload();
    assertEquals("land-swap", retraction.getTopic());
    assertEquals("misquoted", retraction.getReason());
  }

  @Test
  void healthAndMetricsNeedNoToken() throws Exception {
    assertEquals(200, get("/health").statusCode());
    assertTrue(get("/prometheus").body().contains("jvm_memory_used_bytes"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void openApiSpecDocumentsEveryWriteWithTheTokenAndItsProblems() throws Exception {
    HttpResponse<String> response = get("/swagger/ingest-service.yml");
    assertEquals(200, response.statusCode(), "the spec needs no token");
    Map<String, Object> spec = new Yaml().load(response.body());

    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
    assertEquals(Set.of("/statements", "/statements/batch", "/retractions"), paths.keySet());
    Map<String, Object> scheme = ((Map<String, Map<String, Map<String, Object>>>) spec.get("components"))
        .get("securitySchemes").get("ingestToken");
    assertEquals("http", scheme.get("type"));
    assertEquals("bearer", scheme.get("scheme"));
    for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
      Map<String, Object> post = (Map<String, Object>) path.getValue().get("post");
      assertEquals(List.of(Map.of("ingestToken", List.of())), post.get("security"), path.getKey());
      Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>) post.get("responses");
      assertEquals(Set.of("202", "400", "401", "413", "415", "500", "503"), responses.keySet(), path.getKey());
      for (String error : List.of("400", "401", "413", "415", "500", "503")) {
        assertEquals(Set.of("application/problem+json"), ((Map<String, Object>) responses.get(error).get("content")).keySet(),
            path.getKey() + " " + error);
      }
      assertEquals(Set.of("Retry-After"), ((Map<String, Object>) responses.get("503").get("headers")).keySet(),
          path.getKey());
    }
    Map<String, Map<String, Object>> schemas = ((Map<String, Map<String, Map<String, Object>>>) spec.get("components"))
        .get("schemas");
    assertEquals(List.of("violations"), schemas.get("InvalidInputProblem").get("required"));
    assertEquals(List.of("statementIds"), schemas.get("UnacknowledgedWriteProblem").get("required"));
    assertEquals("http://localhost:8081", ((List<Map<String, Object>>) spec.get("servers")).get(0).get("url"));
  }

  @Test
  void swaggerUiIsServedFromTheServiceWithoutToken() throws Exception {
    HttpResponse<String> page = get("/swagger-ui/index.html");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("'/swagger/ingest-service.yml'"), "the page loads this service's spec");
    assertFalse(page.body().contains("://"), "no script or style from another host: the machines may be offline");
    for (String resource : List.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css")) {
      assertTrue(page.body().contains("\"/swagger-ui/res/" + resource + "\""), resource);
      HttpResponse<String> served = get("/swagger-ui/res/" + resource);
      assertEquals(200, served.statusCode(), resource);
      assertTrue(served.body().length() > 10_000, resource);
    }
  }

  private static void assertProblem(HttpResponse<String> response, int status, String field) throws Exception {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), response.body());
    JsonNode problem = JSON.readTree(response.body());
    assertEquals(status, problem.get("status").asInt());
    assertTrue(problem.hasNonNull("title") && problem.hasNonNull("detail"), response.body());
    if (field != null) {
      assertEquals(field, problem.get("violations").get(0).get("field").asText(), response.body());
    }
  }

  private static HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
    return RunningIngestService.post(RunningIngestService.uri(), path, token == null ? null : "Bearer " + token,
        contentType, body.getBytes(StandardCharsets.UTF_8), false);
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return RunningIngestService.get(path);
  }
}
