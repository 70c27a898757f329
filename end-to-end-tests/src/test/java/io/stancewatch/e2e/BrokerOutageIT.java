package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stancewatch.launcher.StackProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The broker dies (SIGKILL) under load and comes back on the same data folder and port, while
 * the three services keep running: ingest answers 503 problem+json in bounded time while it is
 * gone, every {@code /health} says DOWN, and once it is back everything recovers by itself.
 */
class BrokerOutageIT {

  private static final Duration READY = Duration.ofSeconds(120);
  /** ingest's ack timeout (10 s) plus one attempt's producer timeouts (5 s), with room for two slow cores. */
  private static final Duration LONGEST_ANSWER = Duration.ofSeconds(25);
  private static final int PARTITIONS = 3;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void ingestAnswers503WhileTheBrokerIsGoneAndEverythingRecoversWithoutARestart() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "e2e-outage").toAbsolutePath();
    try (Pipeline pipeline = Pipeline.start(dataDir, "outage", PARTITIONS, READY)) {
      StackProcess kafka = pipeline.kafka();
      StackProcess ingest = pipeline.ingest();
      StackProcess stance = pipeline.stance();
      StackProcess query = pipeline.query();
      List<StackProcess> services = List.of(ingest, stance, query);

      try (StatementLoad load = new StatementLoad(ingest.url(), "outage", 4, 3)) {
        load.awaitAccepted(150, Duration.ofSeconds(60));
        String token = postForToken(ingest.url());
        assertEquals(200, readWithToken(query.url(), token).statusCode(), "read-your-writes while the broker is up");
        kafka.kill();
        Instant down = Instant.now();

        Awaitility.await("every /health DOWN and ingest answering 503 while the broker is gone")
            .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
              for (StackProcess service : services) {
                StackProcess.Health health = service.health();
                assertEquals(503, health.status(), service.name() + ": " + health.body());
                assertTrue(health.body().contains("\"DOWN\""), service.name() + ": " + health.body());
              }
              assertTrue(load.outcomes().stream().filter(o -> o.at().isAfter(down) && o.status() == 503).count() >= 4,
                  "writes are answered 503 (four at least)");
            });
        assertEquals(List.of(), load.outcomes().stream().filter(o -> o.at().isAfter(down) && o.status() == 202).toList(),
            "no write is acknowledged while the broker is gone");
        // A read-your-writes request while the broker is gone must not break the views' reader:
        // it times out (504) and the reader goes on, as the comparison after recovery shows.
        // The same token again: the views hold the write, but the change topic's end cannot be
        // asked for, so the answer waits, then says 504.
        HttpResponse<String> waited = readWithToken(query.url(), token);
        assertEquals(504, waited.statusCode(), waited.body());

        kafka.startAndAwaitReady(READY);
        for (StackProcess service : services) {
          Awaitility.await(service.name() + " reports UP again by itself").atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(500)).until(() -> service.health().status() == 200);
        }
        load.awaitAccepted(100, Duration.ofSeconds(60));
        load.close();

        List<StatementLoad.Outcome> unanswered = load.outcomes().stream().filter(o -> o.status() == 0).toList();
        assertEquals(List.of(), unanswered, "ingest answers every write, broker or not");
        for (StatementLoad.Outcome outcome : load.outcomes()) {
          assertTrue(outcome.took().compareTo(LONGEST_ANSWER) <= 0, "answered within " + LONGEST_ANSWER + ": " + outcome);
          if (outcome.status() == 503) {
            assertEquals("application/problem+json", outcome.contentType(), outcome.toString());
          }
        }
        LogReference log = LogReference.assertNothingLostOrRepeated(load, kafka.bootstrapServers(), query.url());
        System.out.println("[outage] log entries " + log.size() + ", answers " + load.statusCounts()
            + ", longest answer " + load.outcomes().stream().map(StatementLoad.Outcome::took).max(Duration::compareTo));
      }
    }
  }

  private static HttpResponse<String> readWithToken(String queryUrl, String token) throws Exception {
    return DocumentedAnswers.send(HTTP, HttpRequest.newBuilder(URI.create(queryUrl + "/actors?consistencyToken=" + token)).build());
  }

  private static String postForToken(String ingestUrl) throws Exception {
    HttpResponse<String> posted = DocumentedAnswers.send(HTTP, HttpRequest.newBuilder(URI.create(ingestUrl + "/statements"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + StancewatchUp.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString("""
            {"actor": "outage-reader", "topic": "outage-topic", "stance": "SUPPORT", "occurredAt": "2025-02-12T10:00:00Z"}"""))
        .build());
    assertEquals(202, posted.statusCode(), posted.body());
    return new ObjectMapper().readTree(posted.body()).get("consistencyToken").asText();
  }
}
