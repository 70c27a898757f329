package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.domain.Records;
import io.stancewatch.domain.StanceChange;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.launcher.Launcher;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The whole product as a user meets it: {@code ./stancewatch up --demo} starts a real broker
 * and the three services as separate processes and posts the seed article's statements over
 * HTTP; the query API and the stance-change topic then tell the article's story. A restart on
 * the same data folder keeps everything and re-emits nothing.
 */
class DemoFlowIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path DEMO_FILE = StancewatchUp.ROOT.resolve("demo/seed-statements.json");

  @Test
  void demoStatementsFlowFromIngestToQueryAndChangeTopic() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "e2e-data").toAbsolutePath();
    int[] ports = Launcher.freePorts(4);
    JsonNode demo = JSON.readTree(DEMO_FILE.toFile());
    LogFold reference = referenceFold(demo);
    Map<String, List<StanceChange>> expected = byPair(reference.changes());
    int expectedChangeCount = expected.values().stream().mapToInt(List::size).sum();

    Map<String, List<StanceChange>> afterReversal;
    try (StancewatchUp up = StancewatchUp.start(dataDir, true, ports)) {
      // The article's clearest positions, as the query API serves them.
      Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertEquals(statementCount(reference), countStatements(up), "every demo statement is folded and visible"));
      assertCurrent(up, "pete-hegseth", "ukraine-nato-membership", "OPPOSE");
      assertCurrent(up, "pal-jonson", "ukraine-nato-membership", "SUPPORT");
      assertCurrent(up, "kremlin", "ukraine-russia-land-swap", "OPPOSE");
      assertCurrent(up, "volodymyr-zelenskyy", "ukraine-russia-land-swap", "SUPPORT");
      JsonNode hegsethNato = get(up.queryUrl() + "/actors/pete-hegseth/stances/ukraine-nato-membership").body;
      assertTrue(hegsethNato.get("quote").asText().contains("NATO membership"), hegsethNato.toString());
      JsonNode natoSupporters = get(up.queryUrl() + "/topics/ukraine-nato-membership/stances?stance=SUPPORT").body;
      assertTrue(actorsOf(natoSupporters).contains("pal-jonson"), natoSupporters.toString());
      assertTrue(!actorsOf(natoSupporters).contains("pete-hegseth"), natoSupporters.toString());
      assertEquals(404, get(up.queryUrl() + "/actors/nobody-at-all/stances").status);

      // The change topic holds exactly the reference fold's changes, each once, read_committed.
      assertEquals(expected, changesOnTopic(up, expectedChangeCount));

      // A new statement reverses a stance: the query API, its live stream and the change topic all show it.
      HttpResponse<Stream<String>> stream = HTTP.send(HttpRequest.newBuilder(
          URI.create(up.queryUrl() + "/changes/stream?actor=pal-jonson")).build(), HttpResponse.BodyHandlers.ofLines());
      DocumentedAnswers.checkHead(stream);
      CompletableFuture<String> streamed = CompletableFuture.supplyAsync(() -> stream.body()
          .filter(line -> line.startsWith("data:") && line.contains("e2e-jonson-reversal")).findFirst().orElseThrow());
      String reversal = """
          {"statementId": "e2e-jonson-reversal", "actor": "pal-jonson", "topic": "ukraine-nato-membership",
           "stance": "OPPOSE", "strength": 0.4, "occurredAt": "2025-03-01T12:00:00Z"}""";
      Response posted = post(up.ingestUrl() + "/statements", reversal);
      assertEquals(202, posted.status, posted.body.toString());
      assertEquals("e2e-jonson-reversal", posted.body.get("statementId").asText());
      Response read = get(up.queryUrl() + "/actors/pal-jonson/stances/ukraine-nato-membership?consistencyToken="
          + posted.body.get("consistencyToken").asText());
      assertEquals("OPPOSE", read.body.get("stance").asText(), "read-your-writes: " + read.body);
      assertTrue(streamed.get(30, TimeUnit.SECONDS).contains("\"newStance\":\"OPPOSE\""), "the stream sent the reversal");
      stream.body().close();
      afterReversal = changesOnTopic(up, expectedChangeCount + 1);
      List<StanceChange> jonson = afterReversal.get("pal-jonson/ukraine-nato-membership");
      StanceChange last = jonson.get(jonson.size() - 1);
      assertEquals(Stance.SUPPORT, last.previousStance());
      assertEquals(Stance.OPPOSE, last.newStance());
      assertEquals("e2e-jonson-reversal", last.causeStatementId());

      assertEquals(0, up.stop(Duration.ofSeconds(90)), "up stops cleanly on SIGTERM");
      assertTrue(up.descendants().isEmpty(), "no broker or service is left running");
    }

    try (StancewatchUp again = StancewatchUp.start(dataDir, false, ports)) {
      Awaitility.await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertCurrent(again, "pal-jonson", "ukraine-nato-membership", "OPPOSE"));
      assertEquals(statementCount(reference) + 1, countStatements(again), "a restart on the same data folder keeps every statement");
      assertEquals(afterReversal, changesOnTopic(again, expectedChangeCount + 1), "a restart re-emits no change");
      again.stop(Duration.ofSeconds(90));
    }
  }

  /** What the pure fold says the demo file leads to, folded in file order. */
  private static LogFold referenceFold(JsonNode demo) {
    LogFold fold = new LogFold();
    for (JsonNode s : demo) {
      Statement statement = Statement.newBuilder()
          .setStatementId(s.get("statementId").asText())
          .setActor(s.get("actor").asText())
          .setOnBehalfOf(s.path("onBehalfOf").asText(null))
          .setTopic(s.get("topic").asText())
          .setStance(Stance.valueOf(s.get("stance").asText()))
          .setStrength(s.path("strength").asDouble(1.0))
          .setQuote(s.path("quote").asText(null))
          .setSourceUrl(s.path("sourceUrl").asText(null))
          .setOccurredAt(Instant.parse(s.get("occurredAt").asText()))
          .build();
      fold.apply(new StatementEvent(statement), Instant.EPOCH);
    }
    return fold;
  }

  /** The changes per (actor, topic) in emitted order, detectedAt left out: it is when the log was written. */
  private static Map<String, List<StanceChange>> byPair(List<StanceChange> changes) {
    Map<String, List<StanceChange>> byPair = new TreeMap<>();
    for (StanceChange change : changes) {
      byPair.computeIfAbsent(change.actor() + "/" + change.topic(), k -> new ArrayList<>()).add(comparable(change));
    }
    return byPair;
  }

  /** Unretracted statements over every pair: own statements and those made on an actor's behalf. */
  private static int statementCount(LogFold fold) {
    return fold.state().summaries().stream().mapToInt(PairSummary::statements).sum();
  }

  private static Map<String, List<StanceChange>> changesOnTopic(StancewatchUp up, int count) {
    List<ConsumerRecord<String, StanceChanged>> records = TopicReader.readUntil(up.bootstrapServers(),
        Topics.STANCE_CHANGES, read -> read.size() >= count, Duration.ofSeconds(60));
    // Read a little longer: a duplicate would arrive after the expected count.
    List<ConsumerRecord<String, StanceChanged>> settled = TopicReader.readUntil(up.bootstrapServers(),
        Topics.STANCE_CHANGES, read -> false, Duration.ofSeconds(2));
    assertEquals(records.size(), settled.size(), "no further changes arrive");
    List<StanceChange> changes = new ArrayList<>();
    for (ConsumerRecord<String, StanceChanged> r : settled) {
      assertEquals(r.value().getActor(), r.key(), "changes are keyed by actor");
      changes.add(Records.toDomain(r.value()));
    }
    return byPair(changes);
  }

  private static StanceChange comparable(StanceChange c) {
    return new StanceChange(c.actor(), c.topic(), c.previousStance(), c.newStance(), c.previousPosition(),
        c.newPosition(), c.causeStatementId(), c.cause(), c.occurredAt(), Instant.EPOCH, c.sequence(), c.via());
  }

  private static void assertCurrent(StancewatchUp up, String actor, String topic, String stance) throws Exception {
    Response r = get(up.queryUrl() + "/actors/" + actor + "/stances/" + topic);
    assertEquals(200, r.status, r.body.toString());
    assertEquals(stance, r.body.get("stance").asText(), r.body.toString());
    assertEquals(actor, r.body.get("actor").asText());
    assertEquals(topic, r.body.get("topic").asText());
  }

  private static int countStatements(StancewatchUp up) throws Exception {
    int total = 0;
    for (JsonNode actor : get(up.queryUrl() + "/actors").body.get("items")) {
      for (JsonNode stance : get(up.queryUrl() + "/actors/" + actor.get("actor").asText() + "/stances").body.get("stances")) {
        total += stance.get("statements").asInt();
      }
    }
    return total;
  }

  private static List<String> actorsOf(JsonNode topicStances) {
    List<String> actors = new ArrayList<>();
    topicStances.get("stances").forEach(s -> actors.add(s.get("actor").asText()));
    return actors;
  }

  private record Response(int status, JsonNode body) {}

  private static Response get(String url) throws Exception {
    HttpResponse<String> r = DocumentedAnswers.send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    return new Response(r.statusCode(), JSON.readTree(r.body().isEmpty() ? "{}" : r.body()));
  }

  private static Response post(String url, String body) throws Exception {
    HttpResponse<String> r = DocumentedAnswers.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + StancewatchUp.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    return new Response(r.statusCode(), JSON.readTree(r.body().isEmpty() ? "{}" : r.body()));
  }
}
