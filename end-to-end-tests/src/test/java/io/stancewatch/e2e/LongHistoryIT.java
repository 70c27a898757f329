package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertIterableEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stancewatch.domain.AsOf;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.InMemoryState;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.events.PairStance;
import io.stancewatch.launcher.Launcher;
import io.stancewatch.launcher.StackProcess;
import io.stancewatch.schemas.Topic;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.TopicReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Bounded records at scale (issue 12), on the broker and the three services as separate
 * processes: one pair with 10,000 statements, posted in batches of 1000, a tenth of them late
 * (older than the current one), and one actor with 50 topics of 200 statements each. Every
 * answer is checked against the pure fold of the log as stored: the published changes, pair
 * stances and history entries, the query API's stances, history pages (newest first, followed
 * by cursor to the end) and {@code asOf}; again after the retraction of an early statement,
 * after stance-service is killed and restarted, and after a second stance-service folds the
 * whole log again from scratch. No record on {@code stances} or {@code stance-history} grows
 * with the history: each stays within a few KB.
 */
class LongHistoryIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Duration READY = Duration.ofSeconds(120);
  /** The longest a fold of the whole log may take, on two cores shared with the broker and the services. */
  private static final Duration FOLDED = Duration.ofSeconds(240);
  private static final int PARTITIONS = 3;
  private static final int BATCH = 1000;
  private static final Instant START = Instant.parse("2020-01-01T00:00:00Z");

  private static final String LONG_ACTOR = "long-speaker";
  private static final String LONG_TOPIC = "long-issue";
  private static final int LONG_STATEMENTS = 10_000;
  /** Said between two SUPPORT runs (0-9 and 11-19): retracting it joins them into one. */
  private static final String EARLY = longId(10);

  private static final String WIDE_ACTOR = "wide-speaker";
  private static final String WIDE_NAME = "Wide Speaker";
  private static final int WIDE_TOPICS = 50;
  private static final int WIDE_STATEMENTS = 200;

  /**
   * The largest a record of {@code stances} or {@code stance-history} may be: one statement with
   * a 200-character quote and its keys is well under a KB, while a record holding the long
   * pair's history would hold 10,000 quotes, about 2 MB.
   */
  private static final int MAX_RECORD_BYTES = 4 * 1024;

  @Test
  void longHistoriesStayBoundedAndEveryAnswerEqualsTheReferenceFold() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "e2e-long").toAbsolutePath();
    try (Pipeline pipeline = Pipeline.start(dataDir, "long", PARTITIONS, READY)) {
      String kafka = pipeline.kafka().bootstrapServers();
      String ingest = pipeline.ingest().url();
      String query = pipeline.query().url();

      List<ObjectNode> statements = new ArrayList<>(longPair());
      statements.addAll(wideActor());
      for (int i = 0; i < statements.size(); i += BATCH) {
        postBatch(ingest, statements.subList(i, Math.min(i + BATCH, statements.size())));
      }
      LogReference log = LogReference.read(kafka);
      assertEquals(LONG_STATEMENTS + WIDE_TOPICS * WIDE_STATEMENTS, log.size());
      PairSummary longPair = summary(log, LONG_ACTOR, LONG_TOPIC);
      assertTrue(log.changes().get(LONG_ACTOR + "/" + LONG_TOPIC).size() > 100, "the long pair changes label often");
      assertTrue(longPair.since().isAfter(START.plus(Duration.ofDays(1))), "since moved with the label runs");
      Instant middle = occurredAt(LONG_STATEMENTS / 2);
      Instant early = occurredAt(15);
      assertPublishedAndServed(log, kafka, query, middle);
      assertEquals(occurredAt(11), assertAsOf(query, log, early).since(), "before the retraction: the run after it");

      // An early statement is retracted: the two SUPPORT runs it parted become one.
      post(ingest, "/retractions", JSON.createObjectNode().put("statementId", EARLY).put("actor", LONG_ACTOR)
          .put("topic", LONG_TOPIC).put("reason", "recorded in error"));
      log = LogReference.read(kafka);
      assertEquals(longPair.statements() - 1, summary(log, LONG_ACTOR, LONG_TOPIC).statements());
      assertPublishedAndServed(log, kafka, query, middle);
      PairSummary joined = assertAsOf(query, log, early);
      assertEquals(START, joined.since(), "the retraction joined the runs before and after it");
      assertEquals(15, joined.statements(), "16 said by then, one retracted");

      // SIGKILL to stance-service: started again, it folds on from its stores. A write read back
      // with its token has gone through the restarted fold; the checks after it find nothing
      // published twice.
      pipeline.stance().kill();
      pipeline.stance().startAndAwaitReady(READY);
      String token = post(ingest, "/statements", statement(LONG_ACTOR, LONG_TOPIC, "long-after-restart",
          opposite(summary(log, LONG_ACTOR, LONG_TOPIC).current().stance().toString()), occurredAt(LONG_STATEMENTS)));
      JsonNode afterRestart = readYourWrite(query + "/actors/" + LONG_ACTOR + "/stances/" + LONG_TOPIC + "?limit=1", token);
      assertEquals("long-after-restart", afterRestart.get("statementId").asText(), afterRestart.toString());
      assertEquals(LONG_STATEMENTS, afterRestart.get("statements").asInt(), "10,000 said, one retracted, one more");
      log = LogReference.read(kafka);
      assertPublishedAndServed(log, kafka, query, middle);

      assertReplayPublishesTheSame(pipeline, dataDir, log);

      // After all that, a newcomer's statement is folded and served, read with its token.
      String newcomer = post(ingest, "/statements", statement("late-newcomer", "replayed-issue", "newcomer-1",
          "SUPPORT", START));
      JsonNode served = readYourWrite(query + "/actors/late-newcomer/stances/replayed-issue", newcomer);
      assertEquals("newcomer-1 SUPPORT", served.get("statementId").asText() + " " + served.get("stance").asText());
      log = LogReference.read(kafka);
      log.awaitServedBy(query, Duration.ofSeconds(60));
      assertHistoriesServed(query, log);

      // The first fold's records and the replay's: one of each per statement folded, at least.
      assertRecordsBounded(kafka, Topics.STANCES, 2L * log.size() - 1);
      assertRecordsBounded(kafka, Topics.STANCE_HISTORY, 2L * log.size() - 1);
    }
  }

  /**
   * Everything published equals the reference (changes once each, latest stance and history
   * entry per key), and query-service serves it: stances, history pages, the stance as of
   * {@code asOf}.
   */
  private static void assertPublishedAndServed(LogReference log, String kafka, String query, Instant asOf)
      throws Exception {
    log.awaitPublished(kafka, FOLDED);
    log.awaitServedBy(query, Duration.ofSeconds(60));
    assertHistoriesServed(query, log);
    assertAsOf(query, log, asOf);
  }

  /**
   * The two actors' stances, each pair's first two history pages, and the long pair's whole
   * history page by page, once query-service has caught up (it reads the topics on its own).
   */
  private static void assertHistoriesServed(String query, LogReference log) {
    InMemoryState state = log.fold().state();
    Awaitility.await("query-service serves the reference's stances and history pages").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
          for (String actor : List.of(LONG_ACTOR, WIDE_ACTOR)) {
            List<PairSummary> pairs = state.summaries().stream()
                .filter(p -> p.actor().equals(actor) && p.hasCurrent()).toList();
            JsonNode stances = get(query + "/actors/" + actor + "/stances");
            assertEquals(pairs.stream().map(LogReference::describe).sorted().toList(),
                stream(stances.get("stances")).map(LogReference::describe).sorted().toList());
            assertEquals(actor.equals(WIDE_ACTOR) ? WIDE_NAME : null, text(stances, "name"));
            for (PairSummary pair : pairs) {
              assertFirstPagesServed(query, state, pair);
            }
          }
          assertWholeHistoryServed(query, state, LONG_ACTOR, LONG_TOPIC);
        });
  }

  /** The default page (100, newest first) and the one its {@code next} leads to. */
  private static void assertFirstPagesServed(String query, InMemoryState state, PairSummary pair) throws Exception {
    List<String> expected = newestFirst(state, pair.actor(), pair.topic());
    String url = query + "/actors/" + pair.actor() + "/stances/" + pair.topic();
    JsonNode first = get(url);
    assertEquals(LogReference.describe(pair), LogReference.describe(first));
    assertIterableEquals(expected.subList(0, Math.min(100, expected.size())), history(first), url);
    if (expected.size() <= 100) {
      assertTrue(first.get("next").isNull(), url + ": the only page");
      return;
    }
    JsonNode second = get(url + "?cursor=" + encode(first.get("next").asText()));
    assertEquals(LogReference.describe(pair), LogReference.describe(second));
    assertIterableEquals(expected.subList(100, Math.min(200, expected.size())), history(second), url + " page 2");
    assertEquals(expected.size() <= 200, second.get("next").isNull(), url + ": next of page 2");
  }

  /** Pages of 1000 followed to the last: every statement once, newest first, none skipped. */
  private static void assertWholeHistoryServed(String query, InMemoryState state, String actor, String topic)
      throws Exception {
    List<String> expected = newestFirst(state, actor, topic);
    List<String> served = new ArrayList<>();
    String url = query + "/actors/" + actor + "/stances/" + topic + "?limit=1000";
    JsonNode page = get(url);
    for (int pages = 1; ; pages++) {
      assertTrue(pages <= expected.size() / 1000 + 1, "no more pages than the history needs");
      served.addAll(history(page));
      if (page.get("next").isNull()) {
        break;
      }
      assertEquals(1000, page.get("history").size(), "page " + pages + " is full: another follows");
      page = get(url + "&cursor=" + encode(page.get("next").asText()));
    }
    assertIterableEquals(expected, served, "every statement once: none on two pages, none skipped");
  }

  /**
   * The long pair as of {@code t}: the reference's {@link AsOf} answer, and the first history
   * page of the statements said at or before {@code t}. Returns the reference's answer.
   */
  private static PairSummary assertAsOf(String query, LogReference log, Instant t) throws Exception {
    InMemoryState state = log.fold().state();
    PairSummary expected = AsOf.stance(summary(log, LONG_ACTOR, LONG_TOPIC), state.history(LONG_ACTOR, LONG_TOPIC), t);
    List<String> history = new ArrayList<>();
    newestFirstItems(state, LONG_ACTOR, LONG_TOPIC).stream().filter(h -> !h.occurredAt().isAfter(t))
        .forEach(h -> history.add(describe(h)));
    JsonNode answer = get(query + "/actors/" + LONG_ACTOR + "/stances/" + LONG_TOPIC + "?asOf=" + t);
    assertEquals(LogReference.describe(expected), LogReference.describe(answer), "as of " + t);
    assertIterableEquals(history.subList(0, Math.min(100, history.size())), history(answer), "history as of " + t);
    assertEquals(history.size() <= 100, answer.get("next").isNull(), "next as of " + t);
    return expected;
  }

  /**
   * A second stance-service, with an application id and state folder of its own, folds the
   * whole log from scratch: it publishes the reference's changes, each once and with the same
   * detectedAt, and the latest stance and history entry it published per key equal the
   * reference's. Only its own records count, those after the topics' ends when it started.
   */
  private static void assertReplayPublishesTheSame(Pipeline pipeline, Path dataDir, LogReference log)
      throws InterruptedException {
    String kafka = pipeline.kafka().bootstrapServers();
    Map<Integer, Long> stancesFrom = TopicReader.endOffsets(kafka, Topics.STANCES);
    Map<Integer, Long> historyFrom = TopicReader.endOffsets(kafka, Topics.STANCE_HISTORY);
    Map<Integer, Long> changesFrom = TopicReader.endOffsets(kafka, Topics.STANCE_CHANGES);
    Map<String, PairStance> expectedStances = log.stances();
    Map<String, HistoryEntry> expectedHistory = log.history();
    try (StackProcess replay = pipeline.launcher().stance("stance-replay", Launcher.freePorts(1)[0],
        dataDir.resolve("stance-replay"), "stancewatch-replay")) {
      replay.startAndAwaitReady(READY);
      Awaitility.await("the replay publishes the reference's stances and history").atMost(FOLDED)
          .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertEquals(log.changes(), LogReference.publishedChanges(kafka, changesFrom), "the replay's changes");
            LogReference.assertSameRecords(Topics.STANCES, expectedStances,
                LogReference.latest(kafka, Topics.STANCES, stancesFrom));
            LogReference.assertSameRecords(Topics.STANCE_HISTORY, expectedHistory,
                LogReference.latest(kafka, Topics.STANCE_HISTORY, historyFrom));
          });
    }
  }

  /** Every record of the topic, key and value as stored, is at most {@link #MAX_RECORD_BYTES}. */
  private static void assertRecordsBounded(String kafka, Topic<String, ?> topic, long atLeast) {
    Topic<String, byte[]> raw = new Topic<>(topic.name(), Serdes.String(), Serdes.ByteArray(), Map.of());
    List<ConsumerRecord<String, byte[]>> records = TopicReader.readAll(kafka, raw, Duration.ofSeconds(120));
    assertTrue(records.size() >= atLeast, topic.name() + " holds " + records.size() + " records, not " + atLeast);
    ConsumerRecord<String, byte[]> largest = records.stream()
        .max(Comparator.comparingInt(LongHistoryIT::bytes)).orElseThrow();
    System.out.println("[long] " + records.size() + " records on " + topic.name() + ", the largest " + largest.key()
        + ": " + bytes(largest) + " bytes");
    assertTrue(bytes(largest) <= MAX_RECORD_BYTES, topic.name() + ": " + largest.key() + " is " + bytes(largest)
        + " bytes");
  }

  private static int bytes(ConsumerRecord<String, byte[]> r) {
    return r.key().getBytes(StandardCharsets.UTF_8).length + (r.value() == null ? 0 : r.value().length);
  }

  /**
   * The long pair: 10,000 statements a minute apart, in label runs of 1 to 60 (so {@code since}
   * moves), the first twenty SUPPORT but for {@link #EARLY}; in order, but for every tenth,
   * sent last, newest first: each arrives after statements said later than it.
   */
  private static List<ObjectNode> longPair() {
    Random random = new Random(12);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      labels.add(i == 10 ? "OPPOSE" : "SUPPORT");
    }
    while (labels.size() < LONG_STATEMENTS) {
      String label = List.of("SUPPORT", "OPPOSE", "NEUTRAL").stream().filter(l -> !l.equals(labels.get(labels.size() - 1)))
          .toList().get(random.nextInt(2));
      for (int n = 1 + random.nextInt(60); n > 0 && labels.size() < LONG_STATEMENTS; n--) {
        labels.add(label);
      }
    }
    List<ObjectNode> inOrder = new ArrayList<>();
    List<ObjectNode> late = new ArrayList<>();
    for (int i = 0; i < LONG_STATEMENTS; i++) {
      ObjectNode statement = statement(LONG_ACTOR, LONG_TOPIC, longId(i), labels.get(i), occurredAt(i))
          .put("strength", random.nextInt(11) / 10.0);
      (i % 10 == 7 ? late : inOrder).add(statement);
    }
    Collections.reverse(late);
    inOrder.addAll(late);
    return inOrder;
  }

  /** One actor on 50 topics, 200 statements each, in order, with label runs of a different length per topic. */
  private static List<ObjectNode> wideActor() {
    List<ObjectNode> statements = new ArrayList<>();
    for (int j = 0; j < WIDE_STATEMENTS; j++) {
      for (int t = 0; t < WIDE_TOPICS; t++) {
        String label = List.of("SUPPORT", "OPPOSE", "NEUTRAL").get(j / (3 + t % 7) % 3);
        ObjectNode statement = statement(WIDE_ACTOR, "issue-%02d".formatted(t), "wide-%02d-%03d".formatted(t, j), label,
            START.plus(Duration.ofHours(j)).plus(Duration.ofMinutes(t)));
        if (j == 0 && t == 0) {
          statement.put("actorName", WIDE_NAME).put("actorKind", "ORGANIZATION");
        }
        statements.add(statement);
      }
    }
    return statements;
  }

  private static ObjectNode statement(String actor, String topic, String id, String stance, Instant at) {
    return JSON.createObjectNode()
        .put("statementId", id)
        .put("actor", actor)
        .put("topic", topic)
        .put("stance", stance)
        .put("quote", (id + ": a position on " + topic + ", said on the record and quoted here at about the length"
            + " of a sentence or two in a news report, which is what most quotes come to. ").repeat(2).substring(0, 200))
        .put("sourceUrl", "https://example.org/" + actor + "/" + id)
        .put("occurredAt", at.toString());
  }

  private static String longId(int i) {
    return "long-%05d".formatted(i);
  }

  private static Instant occurredAt(int i) {
    return START.plus(Duration.ofMinutes(i));
  }

  private static String opposite(String stance) {
    return stance.equals("SUPPORT") ? "OPPOSE" : "SUPPORT";
  }

  private static PairSummary summary(LogReference log, String actor, String topic) {
    return log.fold().state().actor(actor).summary(topic);
  }

  private static List<HistoryItem> newestFirstItems(InMemoryState state, String actor, String topic) {
    List<HistoryItem> items = new ArrayList<>(state.historyOf(actor, topic));
    Collections.reverse(items);
    return items;
  }

  private static List<String> newestFirst(InMemoryState state, String actor, String topic) {
    return newestFirstItems(state, actor, topic).stream().map(LongHistoryIT::describe).toList();
  }

  /** A history item as the reference holds it, in the form of {@link #history(JsonNode)}. */
  private static String describe(HistoryItem h) {
    return h.statementId() + " " + h.stance() + " " + h.strength() + " " + h.occurredAt() + " via " + h.via()
        + " retracted " + h.retracted() + " " + h.sourceUrl() + " " + h.quote();
  }

  /** A page of history as the query API serves it. */
  private static List<String> history(JsonNode pair) {
    return stream(pair.get("history")).map(h -> h.get("statementId").asText() + " " + h.get("stance").asText() + " "
        + h.get("strength").asDouble() + " " + Instant.parse(h.get("occurredAt").asText()) + " via "
        + text(h, "via") + " retracted " + h.get("retracted").asBoolean() + " " + text(h, "sourceUrl") + " "
        + text(h, "quote")).toList();
  }

  private static String text(JsonNode node, String field) {
    return node.path(field).isTextual() ? node.get(field).asText() : null;
  }

  private static Stream<JsonNode> stream(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items.stream();
  }

  private static String encode(String cursor) {
    return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
  }

  private static void postBatch(String ingest, List<ObjectNode> statements) throws Exception {
    ArrayNode batch = JSON.createArrayNode();
    batch.addAll(statements);
    post(ingest, "/statements/batch", batch);
  }

  /** Posts with the ingest token; the answer's consistencyToken. */
  private static String post(String ingest, String path, JsonNode body) throws Exception {
    HttpResponse<String> r = DocumentedAnswers.send(HTTP, HttpRequest.newBuilder(URI.create(ingest + path))
        .timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + StancewatchUp.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    assertEquals(202, r.statusCode(), path + " -> " + r.body());
    return JSON.readTree(r.body()).get("consistencyToken").asText();
  }

  /**
   * A read with a write's consistencyToken. A 504 (the view not there within 5 s) is asked
   * again: a stance-service just started may take longer than that to reach the write.
   */
  private static JsonNode readYourWrite(String url, String token) throws Exception {
    String withToken = url + (url.contains("?") ? "&" : "?") + "consistencyToken=" + token;
    HttpResponse<String> r = Awaitility.await("an answer but 504 to " + withToken).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500)).until(() -> send(withToken), answer -> answer.statusCode() != 504);
    assertEquals(200, r.statusCode(), withToken + " -> " + r.body());
    return JSON.readTree(r.body());
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r = send(url);
    assertEquals(200, r.statusCode(), url + " -> " + r.body());
    return JSON.readTree(r.body());
  }

  private static HttpResponse<String> send(String url) throws Exception {
    return DocumentedAnswers.send(HTTP, HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build());
  }
}
