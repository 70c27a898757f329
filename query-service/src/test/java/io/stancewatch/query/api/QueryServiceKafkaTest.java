package io.stancewatch.query.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.domain.AsOf;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.ConsistencyToken;
import io.stancewatch.schemas.DeadLetters;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.SharedKafka;
import io.stancewatch.testing.TopicReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * query-service over real HTTP, its views fed from the real stance topics. The records are
 * what stance-service would publish for a small log, computed with the pure fold
 * ({@link StanceServiceOutputs}), so the answers can be checked against contract section 5
 * without running the streams app. Each test uses actors of its own.
 */
class QueryServiceKafkaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  /** stance-service's application id for this test class: its group's offsets are the tests' own. */
  private static final String STANCE_SERVICE = "stance-service-" + RUN;
  private static final String HEGSETH = "pete-hegseth-" + RUN;
  private static final String JONSON = "pal-jonson-" + RUN;
  private static final String US = "united-states-" + RUN;
  private static final String NATO = "ukraine-nato-membership-" + RUN;
  private static final String TROOPS = "us-troops-in-ukraine-" + RUN;
  /** The topic of the tests that add actors while others assert exact lists. */
  private static final String CEASEFIRE = "ceasefire-" + RUN;
  /** Log offsets of the tests' writes, each test's its own, growing. */
  private static final AtomicLong LOG_OFFSET = new AtomicLong(1_000);
  private static StanceServiceOutputs outputs;
  private static EmbeddedServer server;

  @BeforeAll
  static void start() throws Exception {
    outputs = new StanceServiceOutputs();
    // Published before the service starts: it must read them all before it reports healthy.
    outputs.publish(List.of(
        named(said("h-1", HEGSETH, NATO, Stance.SUPPORT, "2024-11-01T10:00:00Z", null), "Pete Hegseth", ActorKind.PERSON),
        said("h-2", HEGSETH, NATO, Stance.OPPOSE, "2025-02-12T10:00:00Z", US),
        said("h-3", HEGSETH, TROOPS, Stance.OPPOSE, "2025-02-12T11:00:00Z", null),
        said("j-1", JONSON, NATO, Stance.SUPPORT, "2025-02-13T10:00:00Z", null)));
    server = ApplicationContext.run(EmbeddedServer.class, Map.of(
        "kafka.bootstrap.servers", SharedKafka.bootstrapServers(),
        "stancewatch.topics.partitions", SharedKafka.PARTITIONS,
        "stancewatch.stance-service.application-id", STANCE_SERVICE,
        "micronaut.server.port", -1,
        // Shorter than in production so the timeout and heartbeat cases finish quickly.
        "stancewatch.consistency.max-wait", "2s",
        "stancewatch.stream.heartbeat", "1s"));
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> get("/health").status == 200);
  }

  @AfterAll
  static void stop() {
    server.close();
    outputs.close();
  }

  @Test
  void actorStancesAndHistoryNewestFirst() throws Exception {
    JsonNode stances = ok("/actors/" + HEGSETH + "/stances");
    assertEquals("Pete Hegseth", stances.get("name").asText());
    assertEquals("PERSON", stances.get("kind").asText());
    assertEquals(List.of(NATO, TROOPS), texts(stances.get("stances"), "topic"));

    JsonNode nato = ok("/actors/" + HEGSETH + "/stances/" + NATO);
    assertEquals("OPPOSE", nato.get("stance").asText());
    assertEquals(-1.0, nato.get("position").asDouble());
    assertEquals("2025-02-12T10:00:00Z", nato.get("since").asText());
    assertEquals("h-2", nato.get("statementId").asText());
    assertEquals(2, nato.get("statements").asInt());
    assertTrue(nato.has("via") && nato.get("via").isNull(), "null fields are present: " + nato);
    assertEquals(List.of("h-2", "h-1"), texts(nato.get("history"), "statementId"));
    assertEquals("quote h-1", nato.get("history").get(1).get("quote").asText());
    assertTrue(nato.get("next").isNull(), "one page: " + nato);

    JsonNode before = ok("/actors/" + HEGSETH + "/stances/" + NATO + "?asOf=2025-01-01T00:00:00Z");
    assertEquals("SUPPORT", before.get("stance").asText());
    assertEquals(1, before.get("statements").asInt());
    assertEquals(List.of("h-1"), texts(before.get("history"), "statementId"));
  }

  @Test
  void blocStanceShowsTheSpeaker() throws Exception {
    JsonNode us = ok("/actors/" + US + "/stances/" + NATO);
    assertEquals("OPPOSE", us.get("stance").asText());
    assertEquals(HEGSETH, us.get("via").asText());
    assertEquals(HEGSETH, us.get("history").get(0).get("via").asText());
  }

  @Test
  void actorList() throws Exception {
    JsonNode hegseth = find(ok("/actors?limit=1000").get("items"), "actor", HEGSETH);
    assertEquals("Pete Hegseth", hegseth.get("name").asText());
    assertEquals(List.of(NATO, TROOPS), texts(hegseth.get("topics"), null));
    assertEquals("2025-02-12T11:00:00Z", hegseth.get("lastStatementAt").asText());
    JsonNode us = find(ok("/actors?limit=1000").get("items"), "actor", US);
    assertTrue(us.get("name").isNull() && us.get("kind").isNull(), "an actor with no profile: " + us);
  }

  @Test
  void topicStancesSummaryAndFilter() throws Exception {
    JsonNode nato = ok("/topics/" + NATO + "/stances");
    assertEquals(List.of(JONSON, HEGSETH, US).stream().sorted().toList(), texts(nato.get("stances"), "actor"));
    assertEquals(1, nato.get("summary").get("SUPPORT").asInt());
    assertEquals(2, nato.get("summary").get("OPPOSE").asInt());
    assertEquals(0, nato.get("summary").get("NEUTRAL").asInt());
    assertEquals(List.of(JONSON), texts(ok("/topics/" + NATO + "/stances?stance=SUPPORT").get("stances"), "actor"));

    JsonNode listed = find(ok("/topics?limit=1000").get("items"), "topic", NATO);
    assertEquals(2, listed.get("OPPOSE").asInt());
    assertEquals(1, listed.get("SUPPORT").asInt());
  }

  @Test
  void stancesAsOfAnInstant() throws Exception {
    JsonNode asOf = ok("/stances?asOf=" + URLEncoder.encode("2025-02-12T10:30:00+00:00", StandardCharsets.UTF_8));
    assertEquals("2025-02-12T10:30:00Z", asOf.get("asOf").asText());
    List<String> pairs = new ArrayList<>();
    asOf.get("stances").forEach(s -> {
      if (s.get("actor").asText().endsWith(RUN) && !s.get("topic").asText().equals(CEASEFIRE)) {
        pairs.add(s.get("actor").asText() + "/" + s.get("topic").asText() + "=" + s.get("stance").asText());
      }
    });
    assertEquals(List.of(HEGSETH + "/" + NATO + "=OPPOSE", US + "/" + NATO + "=OPPOSE"), pairs);
  }

  @Test
  void changesNewestFirstWithFilters() throws Exception {
    List<String> hegseth = new ArrayList<>();
    ok("/changes?actor=" + HEGSETH + "&limit=1000").get("items")
        .forEach(c -> hegseth.add(c.get("topic").asText() + ":" + c.get("previousStance").asText(null) + "->"
            + c.get("newStance").asText() + "#" + c.get("sequence").asInt()));
    assertEquals(List.of(TROOPS + ":null->OPPOSE#1", NATO + ":SUPPORT->OPPOSE#2", NATO + ":null->SUPPORT#1"), hegseth);
    assertEquals(1, ok("/changes?actor=" + HEGSETH + "&topic=" + TROOPS).get("items").size());
    assertEquals(1, ok("/changes?actor=" + HEGSETH + "&limit=1").get("items").size());
  }

  @Test
  void aRetractionAndALateOlderStatementBecomeVisible() throws Exception {
    String actor = "retractor-" + RUN;
    outputs.publish(List.of(said("r-1", actor, CEASEFIRE, Stance.OPPOSE, "2025-02-13T10:00:00Z", null)));
    outputs.publish(List.of(retract("r-1", actor, CEASEFIRE),
        said("r-0", actor, CEASEFIRE, Stance.SUPPORT, "2025-01-01T00:00:00Z", null)));
    String path = "/actors/" + actor + "/stances/" + CEASEFIRE;
    Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertEquals("r-0", ok(path).get("statementId").asText()));
    JsonNode pair = ok(path);
    assertEquals(1, pair.get("statements").asInt());
    List<String> history = new ArrayList<>();
    pair.get("history").forEach(h -> history.add(h.get("statementId").asText() + ":" + h.get("retracted").asBoolean()));
    assertEquals(List.of("r-1:true", "r-0:false"), history);
  }

  @Test
  void historyComesInPagesNewestFirstAndAsOfEndsIt() throws Exception {
    String actor = "talker-" + RUN;
    List<StatementEvent> log = new ArrayList<>();
    Instant start = Instant.parse("2020-01-01T00:00:00Z");
    for (int i = 0; i < 3000; i++) {
      // Two statements an hour: the same date for both, so pages also split on statement ids.
      log.add(said(String.format("t-%04d", i), actor, CEASEFIRE, i % 700 < 350 ? Stance.SUPPORT : Stance.OPPOSE,
          start.plusSeconds(3600L * (i / 2)).toString(), null));
    }
    log.add(retract("t-2999", actor, CEASEFIRE));
    outputs.publish(log);
    String path = "/actors/" + actor + "/stances/" + CEASEFIRE;
    List<HistoryItem> newestFirst = new ArrayList<>(outputs.fold().state().historyOf(actor, CEASEFIRE));
    Collections.reverse(newestFirst);
    List<String> expected = newestFirst.stream().map(HistoryItem::statementId).toList();
    // The summary and the history entries arrive on different topics and polls: wait for the whole history.
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> get(path).status == 200
        && pages(path, 1000).equals(expected));

    JsonNode first = ok(path);
    assertEquals("t-2998", first.get("statementId").asText());
    assertEquals(expected.subList(0, 100), texts(first.get("history"), "statementId"), "100 by default");
    assertEquals(expected, pages(path, 1000), "pages follow each other without gaps or repeats");
    assertEquals(expected, pages(path, 7));

    Instant t = start.plusSeconds(3600L * 700 + 1800);
    PairSummary then = AsOf.stance(outputs.fold().state().actor(actor).summary(CEASEFIRE),
        outputs.fold().state().history(actor, CEASEFIRE), t);
    JsonNode asOf = ok(path + "?asOf=" + t + "&limit=10");
    assertEquals(then.current().statementId(), asOf.get("statementId").asText());
    assertEquals("t-1401", asOf.get("statementId").asText());
    assertEquals(then.since().toString(), asOf.get("since").asText());
    assertEquals(then.statements(), asOf.get("statements").asInt());
    List<String> saidByThen = newestFirst.stream().filter(h -> !h.occurredAt().isAfter(t)).map(HistoryItem::statementId)
        .toList();
    assertEquals(saidByThen.subList(0, 10), texts(asOf.get("history"), "statementId"));
    assertEquals(saidByThen, pages(path + "?asOf=" + t, 1000));

    assertProblem(path + "?limit=1001", 400, "limit");
    assertProblem(path + "?cursor=" + PageCursor.encode("not a key"), 400, "cursor");
    assertProblem(path + "?cursor=%21%21", 400, "cursor");
  }

  @Test
  void unknownNamesAndBadParametersAreProblems() throws Exception {
    assertProblem("/actors/nobody-" + RUN + "/stances", 404, null);
    assertProblem("/actors/nobody-" + RUN + "/stances/" + NATO, 404, null);
    assertProblem("/actors/" + HEGSETH + "/stances/no-topic-" + RUN, 404, null);
    assertProblem("/actors/" + HEGSETH + "/stances/" + NATO + "?asOf=2020-01-01T00:00:00Z", 404, null);
    assertProblem("/topics/no-topic-" + RUN + "/stances", 404, null);
    assertProblem("/no-such-route", 404, null);
    assertProblem("/changes?limit=5000", 400, "limit");
    assertProblem("/changes?limit=0", 400, "limit");
    assertProblem("/actors/" + HEGSETH + "/stances/" + NATO + "?asOf=yesterday", 400, "asOf");
    assertProblem("/actors/" + HEGSETH + "/stances/" + NATO + "?limit=0", 400, "limit");
    assertProblem("/topics/" + NATO + "/stances?stance=MAYBE", 400, "stance");
  }

  @Test
  void dashboardIsServedAtTheRootWithoutHidingTheApi() throws Exception {
    HttpResponse<String> page = raw("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
    assertTrue(page.body().contains("<script type=\"module\" src=\"js/main.js\">"), page.body());
    HttpResponse<String> script = raw("/js/main.js");
    assertEquals(200, script.statusCode());
    // Browsers refuse to run an ES module served with any other type.
    assertTrue(script.headers().firstValue("Content-Type").orElse("").matches("(application|text)/javascript.*"),
        script.headers().toString());
    assertEquals("application/json", get("/topics").contentType);
  }

  @Test
  void listsComeInPagesThatFollowEachOtherWithoutGapsOrRepeats() throws Exception {
    for (String topic : List.of("page-a-", "page-b-", "page-c-")) {
      outputs.publish(List.of(said(topic + "1", "pager-" + RUN, topic + RUN, Stance.SUPPORT, "2025-04-01T00:00:00Z", null)));
    }
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> get("/topics/page-c-" + RUN + "/stances").status == 200);
    for (String list : List.of("/actors", "/topics", "/changes")) {
      List<String> whole = texts(ok(list + "?limit=1000").get("items"), null);
      List<String> paged = new ArrayList<>();
      String next = null;
      do {
        JsonNode page = ok(list + "?limit=2" + (next == null ? "" : "&cursor=" + next));
        assertTrue(page.get("items").size() <= 2, page.toString());
        paged.addAll(texts(page.get("items"), null));
        next = page.get("next").isNull() ? null : page.get("next").asText();
      } while (next != null);
      assertEquals(whole, paged, list);
      assertTrue(whole.size() > 2, list + " has more than one page: " + whole);
    }
    assertProblem("/actors?cursor=%21%21", 400, "cursor");
    assertProblem("/changes?cursor=" + PageCursor.encode("x"), 400, "cursor");
  }

  @Test
  void aConsistencyTokenWaitsUntilStanceServiceCommittedPastTheWrite() throws Exception {
    String actor = "token-" + RUN;
    long offset = LOG_OFFSET.addAndGet(100);
    String token = new ConsistencyToken(Map.of(0, offset)).encode();
    CompletableFuture<Response> waiting = getAsync("/actors/" + actor + "/stances?consistencyToken=" + token);

    outputs.publish(List.of(said("t-1", actor, CEASEFIRE, Stance.SUPPORT, "2025-04-01T00:00:00Z", null)));
    commit(Map.of(statements(0), offset));
    assertStillWaiting(waiting, "the group's committed offset is the write's own: not past it");
    commit(Map.of(statements(0), offset + 1));

    Response answer = waiting.get(10, TimeUnit.SECONDS);
    assertEquals(200, answer.status, answer.body.toString());
    assertEquals("SUPPORT", answer.body.get("stances").get(0).get("stance").asText());
  }

  @Test
  void aBlocWriteIsCoveredOnlyOnceItsRelayIsFolded() throws Exception {
    String speaker = "speaker-" + RUN;
    String bloc = "bloc-" + RUN;
    long offset = LOG_OFFSET.addAndGet(100);
    String relays = STANCE_SERVICE + "-relays-repartition";
    try (Admin admin = SharedKafka.admin()) {
      if (!admin.listTopics().names().get().contains(relays)) {
        admin.createTopics(List.of(new NewTopic(relays, SharedKafka.PARTITIONS, (short) 1))).all().get();
      }
    }
    RecordMetadata relay;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      relay = producer.send(new ProducerRecord<>(relays, 1, bytes(bloc), bytes("the relay"))).get();
    }
    // The speaker's half folded and committed; the relay to the bloc not yet.
    outputs.publish(List.of(said("b-1", speaker, CEASEFIRE, Stance.OPPOSE, "2025-04-01T00:00:00Z", bloc)));
    commit(Map.of(statements(1), offset + 1));
    CompletableFuture<Response> waiting = getAsync("/actors/" + bloc + "/stances?consistencyToken="
        + new ConsistencyToken(Map.of(1, offset)).encode());
    assertStillWaiting(waiting, "the relay to the bloc is not folded yet");
    commit(Map.of(new TopicPartition(relays, 1), relay.offset() + 1));

    Response answer = waiting.get(10, TimeUnit.SECONDS);
    assertEquals(200, answer.status, answer.body.toString());
    assertEquals(speaker, answer.body.get("stances").get(0).get("via").asText());
  }

  @Test
  void aConsistencyTokenNotReachedInTimeIs504AndAMalformedOneIs400() throws Exception {
    String never = new ConsistencyToken(Map.of(2, Long.MAX_VALUE - 1)).encode();
    Response late = get("/actors?consistencyToken=" + never);
    assertEquals(504, late.status, late.body.toString());
    assertEquals("application/problem+json", late.contentType);
    assertProblem("/actors?consistencyToken=nonsense", 400, "consistencyToken");
  }

  @Test
  void changeStreamSendsFilteredChangesLiveAndResumesAfterLastEventId() throws Exception {
    String actor = "streamer-" + RUN;
    outputs.publish(List.of(said("s-1", actor, CEASEFIRE, Stance.SUPPORT, "2025-04-01T00:00:00Z", null)));
    Sse.Event first;
    try (Sse sse = Sse.open(server.getURI().resolve("/changes/stream?actor=" + actor), null)) {
      first = sse.next();
      assertEquals("stance-change", first.name());
      assertEquals("s-1", first.data().get("causeStatementId").asText());
      assertTrue(sse.heartbeatWithin(Duration.ofSeconds(5)), "a quiet stream sends heartbeats");
    }

    outputs.publish(List.of(said("s-2", actor, CEASEFIRE, Stance.OPPOSE, "2025-04-02T00:00:00Z", null),
        said("other-1", "other-" + RUN, CEASEFIRE, Stance.OPPOSE, "2025-04-02T00:00:00Z", null),
        said("s-3", actor, CEASEFIRE, Stance.NEUTRAL, "2025-04-03T00:00:00Z", null)));
    try (Sse sse = Sse.open(server.getURI().resolve("/changes/stream?actor=" + actor), first.id())) {
      assertEquals("s-2", sse.next().data().get("causeStatementId").asText());
      assertEquals("s-3", sse.next().data().get("causeStatementId").asText());
      outputs.publish(List.of(said("s-4", actor, CEASEFIRE, Stance.SUPPORT, "2025-04-04T00:00:00Z", null)));
      Sse.Event live = sse.next();
      assertEquals("s-4", live.data().get("causeStatementId").asText(), "no change is sent twice");
      assertEquals(4, live.data().get("sequence").asInt());
    }
  }

  @Test
  void manySubscribersEachGetTheChange() throws Exception {
    String actor = "crowd-" + RUN;
    List<Sse> crowd = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        crowd.add(Sse.open(server.getURI().resolve("/changes/stream?actor=" + actor), null));
      }
      outputs.publish(List.of(said("c-1", actor, CEASEFIRE, Stance.SUPPORT, "2025-04-01T00:00:00Z", null)));
      for (Sse sse : crowd) {
        assertEquals("c-1", sse.next().data().get("causeStatementId").asText());
      }
      assertEquals(200, get("/health").status, "the server still answers while 100 streams are open");
    } finally {
      for (Sse sse : crowd) {
        sse.close();
      }
    }
  }

  @Test
  void prometheusShowsWhatTheViewsAppliedHowFarBehindTheyAreAndTheOpenStreams() throws Exception {
    String actor = "metered-" + RUN;
    // Counted from a quiet view: what earlier tests published must be applied first.
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> prometheus().entrySet().stream()
        .filter(e -> e.getKey().startsWith("stancewatch_view_lag_records")).allMatch(e -> e.getValue() == 0.0));
    Map<String, Double> before = prometheus();
    outputs.publish(List.of(named(said("m-1", actor, CEASEFIRE, Stance.SUPPORT, "2025-04-01T00:00:00Z", null),
        "Metered", ActorKind.OTHER)));

    try (Sse sse = Sse.open(server.getURI().resolve("/changes/stream?actor=" + actor), null)) {
      assertEquals("m-1", sse.next().data().get("causeStatementId").asText());
      Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
        Map<String, Double> after = prometheus();
        assertTrue(after.get("stancewatch_stream_subscribers") >= 1, "this stream is open: " + after);
        for (String topic : List.of(Topics.STANCES.name(), Topics.STANCE_HISTORY.name(), Topics.ACTORS.name(),
            Topics.STANCE_CHANGES.name())) {
          String applied = "stancewatch_view_records_applied_total{topic=\"" + topic + "\"}";
          assertEquals(1, after.get(applied) - before.getOrDefault(applied, 0.0), 0.0, applied);
          for (int p = 0; p < SharedKafka.PARTITIONS; p++) {
            String labels = "{partition=\"" + p + "\",topic=\"" + topic + "\"}";
            assertEquals(0.0, after.get("stancewatch_view_lag_records" + labels), labels);
            assertTrue(after.containsKey("stancewatch_view_record_age_seconds" + labels), labels);
          }
          assertTrue(after.entrySet().stream().anyMatch(e -> e.getKey().startsWith("stancewatch_view_record_age_seconds")
              && e.getKey().contains(topic) && e.getValue() >= 0), "a record was read from " + topic + ": " + after);
        }
      });
    }
    // The server notices a closed stream when it next writes to it: a heartbeat at the latest.
    Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> prometheus().get("stancewatch_stream_subscribers") == 0.0);
  }

  @Test
  void anUndecodableStanceGoesToTheDeadLetterTopicAndTheViewsKeepUpdating() throws Exception {
    String actor = "poisoned-" + RUN;
    byte[] garbage = bytes("not a stance " + RUN);
    byte[] key = bytes(actor + "/" + CEASEFIRE);
    RecordMetadata poison;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      poison = producer.send(new ProducerRecord<>(Topics.STANCES.name(), null, key, garbage,
          new RecordHeaders().add("traceparent", bytes("00-abc-01")))).get();
    }
    outputs.publish(List.of(said("p-1", actor, CEASEFIRE, Stance.SUPPORT, "2025-04-01T00:00:00Z", null)));

    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> get("/actors/" + actor + "/stances").status == 200);
    DeadLetters.Origin origin = new DeadLetters.Origin(Topics.STANCES.name(), poison.partition(), poison.offset());
    List<ConsumerRecord<byte[], byte[]>> letters = TopicReader.readUntil(SharedKafka.bootstrapServers(), Topics.STATEMENTS_DLQ,
            read -> read.stream().anyMatch(r -> DeadLetters.origin(r.headers()).equals(Optional.of(origin))),
            Duration.ofSeconds(30)).stream()
        .filter(r -> DeadLetters.origin(r.headers()).equals(Optional.of(origin))).toList();
    assertEquals(1, letters.size());
    assertArrayEquals(key, letters.get(0).key());
    assertArrayEquals(garbage, letters.get(0).value());
    assertEquals(List.of(
            "traceparent=00-abc-01",
            DeadLetters.ERROR + "=org.apache.kafka.common.errors.SerializationException",
            DeadLetters.ERROR_MESSAGE + "=Not a valid Avro single-object encoded value: Unrecognized header bytes: 0x6E 0x6F",
            DeadLetters.TOPIC + "=" + Topics.STANCES.name(),
            DeadLetters.PARTITION + "=" + poison.partition(),
            DeadLetters.OFFSET + "=" + poison.offset()),
        Arrays.stream(letters.get(0).headers().toArray())
            .map(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)).toList());
    assertEquals(200, get("/health").status, "the reader still runs");
  }

  @Test
  @SuppressWarnings("unchecked")
  void openApiSpecListsEveryQuery() throws Exception {
    HttpResponse<String> response = raw("/swagger/query-service.yml");
    assertEquals(200, response.statusCode());
    Map<String, Object> spec = new Yaml().load(response.body());

    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
    assertEquals(Set.of("/actors", "/actors/{actor}/stances", "/actors/{actor}/stances/{topic}", "/topics",
        "/topics/{topic}/stances", "/stances", "/changes", "/changes/stream"), paths.keySet());
    Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>)
        ((Map<String, Object>) paths.get("/actors/{actor}/stances/{topic}").get("get")).get("responses");
    assertEquals(Set.of("application/problem+json"), ((Map<String, Object>) responses.get("404").get("content")).keySet());
  }

  @Test
  void swaggerUiIsServedFromTheService() throws Exception {
    HttpResponse<String> page = raw("/swagger-ui/index.html");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("'/swagger/query-service.yml'"), "the page loads this service's spec");
    assertFalse(page.body().contains("://"), "no script or style from another host: the machines may be offline");
    for (String resource : List.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css")) {
      assertTrue(page.body().contains("\"/swagger-ui/res/" + resource + "\""), resource);
      HttpResponse<String> served = raw("/swagger-ui/res/" + resource);
      assertEquals(200, served.statusCode(), resource);
      assertTrue(served.body().length() > 10_000, resource);
    }
  }

  /** Every statement id of the pair's history, following {@code next} with pages of {@code limit}. */
  private static List<String> pages(String path, int limit) throws Exception {
    List<String> ids = new ArrayList<>();
    String next = null;
    String separator = path.contains("?") ? "&" : "?";
    do {
      JsonNode page = ok(path + separator + "limit=" + limit + (next == null ? "" : "&cursor=" + next));
      assertTrue(page.get("history").size() <= limit, page.toString());
      ids.addAll(texts(page.get("history"), "statementId"));
      next = page.get("next").isNull() ? null : page.get("next").asText();
    } while (next != null);
    return ids;
  }

  /** Commits offsets for stance-service's group, as its exactly-once transaction would. */
  private static void commit(Map<TopicPartition, Long> offsets) {
    try (KafkaConsumer<byte[], byte[]> group = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, STANCE_SERVICE,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      group.assign(offsets.keySet());
      Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
      offsets.forEach((p, o) -> commits.put(p, new OffsetAndMetadata(o)));
      group.commitSync(commits);
    }
  }

  private static TopicPartition statements(int partition) {
    return new TopicPartition(Topics.STATEMENTS.name(), partition);
  }

  private static void assertStillWaiting(CompletableFuture<Response> waiting, String why) {
    Awaitility.await(why).during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
        .until(() -> !waiting.isDone());
  }

  private static void assertProblem(String path, int status, String field) throws Exception {
    Response r = get(path);
    assertEquals(status, r.status, r.body.toString());
    assertEquals("application/problem+json", r.contentType, path);
    assertEquals(status, r.body.get("status").asInt());
    assertTrue(r.body.hasNonNull("detail"), r.body.toString());
    if (field != null) {
      assertEquals(field, r.body.get("violations").get(0).get("field").asText());
    }
  }

  private static JsonNode ok(String path) throws Exception {
    Response r = get(path);
    assertEquals(200, r.status, path + " -> " + r.body);
    return r.body;
  }

  private record Response(int status, String contentType, JsonNode body) {}

  private static Response get(String path) throws Exception {
    HttpResponse<String> r = raw(path);
    return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
        JSON.readTree(r.body().isEmpty() ? "{}" : r.body()));
  }

  private static CompletableFuture<Response> getAsync(String path) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return get(path);
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }

  /** The samples of {@code /prometheus}, by name and labels as written ({@code name{a="1",b="2"}}). */
  private static Map<String, Double> prometheus() throws Exception {
    HttpResponse<String> response = raw("/prometheus");
    assertEquals(200, response.statusCode());
    Map<String, Double> samples = new HashMap<>();
    for (String line : response.body().split("\n")) {
      int space = line.lastIndexOf(' ');
      if (!line.startsWith("#") && space > 0) {
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return samples;
  }

  private static HttpResponse<String> raw(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(server.getURI().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode find(JsonNode items, String field, String value) {
    for (JsonNode item : items) {
      if (item.get(field).asText().equals(value)) {
        return item;
      }
    }
    throw new AssertionError(value + " not in " + items);
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(field == null ? (n.isValueNode() ? n.asText() : n.toString()) : n.get(field).asText()));
    return texts;
  }

  private static StatementEvent said(String id, String actor, String topic, Stance stance, String at, String onBehalfOf) {
    return new StatementEvent(Statement.newBuilder().setStatementId(id).setActor(actor).setOnBehalfOf(onBehalfOf)
        .setTopic(topic).setStance(stance).setStrength(1.0).setQuote("quote " + id)
        .setOccurredAt(Instant.parse(at)).build());
  }

  private static StatementEvent named(StatementEvent statement, String name, ActorKind kind) {
    Statement s = (Statement) statement.getPayload();
    return new StatementEvent(Statement.newBuilder(s).setActorName(name).setActorKind(kind).build());
  }

  private static StatementEvent retract(String id, String actor, String topic) {
    return new StatementEvent(Retraction.newBuilder().setStatementId(id).setActor(actor).setTopic(topic).build());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
