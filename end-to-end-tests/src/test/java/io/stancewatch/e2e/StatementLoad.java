package io.stancewatch.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;

/**
 * Writers posting to ingest-service as a real client would while faults happen: single
 * statements and small batches with client-chosen statement ids, some on a bloc's behalf,
 * retractions of earlier statements and re-sent duplicates. A write that is not answered 202
 * (a 503, a refused connection, a timeout) is retried with the same ids, as the 503 tells a
 * client to; its outcome is then unknown until a retry is acknowledged.
 *
 * <p>Each bloc is spoken for by one speaker only, and blocs never speak themselves: the README's
 * known limit on relay order then cannot make the published changes depend on timing, so they
 * must equal the reference fold of the log exactly.
 */
final class StatementLoad implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static final int ACTORS = 12;
  private static final int BLOCS = 3;
  private static final int TOPICS = 5;
  /** Longest a write may wait for its answer; a hung ingest shows up as a timeout here. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** One answered (or failed) request: its status (0: no answer) and how long it took. */
  record Outcome(Instant at, int status, String contentType, Duration took) {}

  private final String ingestUrl;
  private final String prefix;
  private final List<Thread> writers = new ArrayList<>();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
  private final AtomicLong accepted = new AtomicLong();
  private volatile boolean running = true;

  /** Starts {@code threads} writers against ingest-service at {@code ingestUrl}; ids start with {@code prefix}. */
  StatementLoad(String ingestUrl, String prefix, int threads, long seed) {
    this.ingestUrl = ingestUrl;
    this.prefix = prefix;
    for (int i = 0; i < threads; i++) {
      Random random = new Random(seed + i);
      String writer = prefix + "-w" + i;
      Thread thread = new Thread(() -> write(writer, random), "load-" + writer);
      thread.setDaemon(true);
      writers.add(thread);
      thread.start();
    }
  }

  /** How many requests were answered 202 so far. */
  long accepted() {
    return accepted.get();
  }

  /** Waits until {@code more} further requests were answered 202. */
  void awaitAccepted(long more, Duration timeout) {
    long target = accepted() + more;
    Awaitility.await(more + " more writes answered 202").atMost(timeout).pollInterval(Duration.ofMillis(50))
        .until(() -> accepted() >= target);
  }

  /**
   * Every entry answered 202, as {@code S|actor|statementId} for a statement and
   * {@code R|actor|statementId} for a retraction: what must be on the statement log.
   */
  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /**
   * Answers other than 202, 503 or none, and answers that break ingest-service's OpenAPI document:
   * a valid write must never get them.
   */
  List<String> unexpectedAnswers() {
    return List.copyOf(unexpected);
  }

  /** Counts of outcomes by status (0: no answer). */
  Map<Integer, Long> statusCounts() {
    Map<Integer, Long> counts = new TreeMap<>();
    outcomes.forEach(o -> counts.merge(o.status(), 1L, Long::sum));
    return counts;
  }

  /** Stops the writers after their current request. */
  @Override
  public void close() {
    running = false;
    for (Thread writer : writers) {
      try {
        writer.join(REQUEST_TIMEOUT.plusSeconds(5).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void write(String writer, Random random) {
    List<ObjectNode> said = new ArrayList<>();
    int next = 0;
    Write pending = null;
    while (running) {
      if (pending == null) {
        pending = nextWrite(writer + "-" + next++, random, said);
      }
      Instant start = Instant.now();
      int status;
      String contentType = null;
      try {
        HttpResponse<String> r = DocumentedAnswers.send(HTTP, HttpRequest.newBuilder(URI.create(ingestUrl + pending.path))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + StancewatchUp.TOKEN)
            .POST(HttpRequest.BodyPublishers.ofString(pending.body.toString())).build());
        status = r.statusCode();
        contentType = r.headers().firstValue("Content-Type").orElse(null);
      } catch (IOException e) {
        status = 0;
      } catch (AssertionError e) {
        // The answer breaks ingest-service's document (a fault's answer included): the test fails on it.
        unexpected.add(pending.path + " " + pending.body + " answered outside the document: " + e.getMessage());
        pending = null;
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      outcomes.add(new Outcome(start, status, contentType, Duration.between(start, Instant.now())));
      if (status == 202) {
        acknowledged.addAll(pending.entries);
        said.addAll(pending.statements);
        accepted.incrementAndGet();
        pending = null;
      } else if (status != 503 && status != 0) {
        unexpected.add(pending.path + " " + pending.body + " answered " + status);
        pending = null;
      }
      pause(status == 202 ? 20 : 100);
    }
  }

  private record Write(String path, JsonNode body, List<String> entries, List<ObjectNode> statements) {}

  private Write nextWrite(String id, Random random, List<ObjectNode> said) {
    int kind = random.nextInt(100);
    if (kind < 10 && !said.isEmpty()) {
      ObjectNode target = said.get(random.nextInt(said.size()));
      ObjectNode retraction = JSON.createObjectNode()
          .put("statementId", target.get("statementId").asText())
          .put("actor", target.get("actor").asText())
          .put("topic", target.get("topic").asText())
          .put("reason", "recorded in error");
      return new Write("/retractions", retraction, List.of(entry("R", retraction)), List.of());
    }
    if (kind < 15 && !said.isEmpty()) {
      ObjectNode again = said.get(random.nextInt(said.size()));
      return new Write("/statements", again, List.of(entry("S", again)), List.of());
    }
    if (kind < 40) {
      ArrayNode batch = JSON.createArrayNode();
      List<ObjectNode> statements = new ArrayList<>();
      for (int i = 0, n = 2 + random.nextInt(4); i < n; i++) {
        ObjectNode statement = statement(id + "-" + i, random);
        batch.add(statement);
        statements.add(statement);
      }
      return new Write("/statements/batch", batch, statements.stream().map(s -> entry("S", s)).toList(), statements);
    }
    ObjectNode statement = statement(id, random);
    return new Write("/statements", statement, List.of(entry("S", statement)), List.of(statement));
  }

  private ObjectNode statement(String id, Random random) {
    int actor = random.nextInt(ACTORS);
    ObjectNode statement = JSON.createObjectNode()
        .put("statementId", id)
        .put("actor", prefix + "-actor-" + actor)
        .put("topic", "topic-" + random.nextInt(TOPICS))
        .put("stance", List.of("SUPPORT", "OPPOSE", "NEUTRAL").get(random.nextInt(3)))
        .put("strength", random.nextInt(11) / 10.0)
        .put("occurredAt", Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofHours(random.nextInt(24 * 400))).toString());
    if (actor < BLOCS && random.nextBoolean()) {
      statement.put("onBehalfOf", prefix + "-bloc-" + actor);
    }
    return statement;
  }

  private static String entry(String kind, JsonNode entry) {
    return kind + "|" + entry.get("actor").asText() + "|" + entry.get("statementId").asText();
  }

  private static void pause(long millis) {
    // Pacing, not synchronisation: keeps the writers from starving the services of the two cores.
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
