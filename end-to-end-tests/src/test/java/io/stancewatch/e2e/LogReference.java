package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.domain.Records;
import io.stancewatch.domain.StanceChange;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.events.PairStance;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topic;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;

/**
 * What a fault test expects: the statement log as stored (read_committed, as stance-service
 * reads it) folded by the pure {@link LogFold}, and the checks that Stancewatch published and
 * serves exactly that. Folding partition after partition is enough: an actor's own entries
 * are on one partition in log order, and each bloc of {@link StatementLoad} is spoken for by a
 * single speaker, so every actor sees its entries in the same order as stance-service does.
 */
final class LogReference {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final Set<String> entries = new HashSet<>();
  private final LogFold fold = new LogFold();
  private final int size;

  private LogReference(List<ConsumerRecord<String, StatementEvent>> log) {
    size = log.size();
    log.stream()
        .sorted(Comparator.<ConsumerRecord<String, StatementEvent>>comparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset))
        .forEach(r -> {
          entries.add(entry(r.value()));
          fold.apply(r.value(), Instant.ofEpochMilli(r.timestamp()));
        });
  }

  /**
   * What every fault test checks once its load has stopped: no unexpected answer, every
   * acknowledged write on the log, exactly the reference fold's changes on the change topic,
   * and the reference stances served by each query instance.
   */
  static LogReference assertNothingLostOrRepeated(StatementLoad load, String bootstrapServers, String... queryUrls) {
    assertEquals(List.of(), load.unexpectedAnswers());
    LogReference log = read(bootstrapServers).assertHoldsEvery(load.acknowledged());
    log.awaitPublished(bootstrapServers, Duration.ofSeconds(90));
    for (String queryUrl : queryUrls) {
      log.awaitServedBy(queryUrl, Duration.ofSeconds(30));
    }
    return log;
  }

  /** Reads the whole statement log, read_committed. */
  static LogReference read(String bootstrapServers) {
    return new LogReference(TopicReader.readAll(bootstrapServers, Topics.STATEMENTS, Duration.ofSeconds(60)));
  }

  /** No acknowledged write is lost: every entry answered 202 is on the log. */
  LogReference assertHoldsEvery(Set<String> acknowledged) {
    Set<String> missing = new TreeSet<>(acknowledged);
    missing.removeAll(entries);
    assertTrue(missing.isEmpty(), missing.size() + " of " + acknowledged.size()
        + " acknowledged entries are not on the statement log: " + missing);
    return this;
  }

  int size() {
    return size;
  }

  /** The reference's changes per pair, in the order emitted. */
  Map<String, List<StanceChange>> changes() {
    return byPair(fold.changes());
  }

  /** The pure fold of the log, for checks of its own. */
  LogFold fold() {
    return fold;
  }

  /**
   * Waits until {@code stancewatch.stance-changes} (read_committed) holds exactly the reference's
   * changes, each once, and the latest record of every key of {@code stancewatch.stances} and
   * {@code stancewatch.stance-history} is the reference's pair stance and history entry.
   */
  void awaitPublished(String bootstrapServers, Duration timeout) {
    Map<String, List<StanceChange>> expected = changes();
    Map<String, PairStance> expectedStances = stances();
    Map<String, HistoryEntry> expectedHistory = history();
    Awaitility.await("the published changes, stances and history equal the reference fold")
        .atMost(timeout).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
          Map<String, List<StanceChange>> published = publishedChanges(bootstrapServers, Map.of());
          assertSequencesComplete(published);
          assertEquals(expected, published, "each change once, none missing");
          assertSameRecords(Topics.STANCES, expectedStances, latest(bootstrapServers, Topics.STANCES, Map.of()));
          assertSameRecords(Topics.STANCE_HISTORY, expectedHistory,
              latest(bootstrapServers, Topics.STANCE_HISTORY, Map.of()));
        });
  }

  /** The pair stance stance-service publishes for every pair the reference knows, by key. */
  Map<String, PairStance> stances() {
    return fold.stances();
  }

  /** The history entry stance-service publishes for every statement of every pair, by key. */
  Map<String, HistoryEntry> history() {
    return fold.history();
  }

  /** Waits until query-service at {@code queryUrl} serves the reference's current stances. */
  void awaitServedBy(String queryUrl, Duration timeout) {
    Set<String> expected = new TreeSet<>();
    fold.state().summaries().stream().filter(PairSummary::hasCurrent).forEach(p -> expected.add(describe(p)));
    Awaitility.await("query-service at " + queryUrl + " serves the reference stances")
        .atMost(timeout).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertEquals(expected, served(queryUrl)));
  }

  /** Every stance query-service serves, following {@code next} through the pages of {@code /stances}. */
  private static Set<String> served(String queryUrl) throws Exception {
    Set<String> served = new TreeSet<>();
    String next = null;
    do {
      HttpResponse<String> r = DocumentedAnswers.send(HTTP, HttpRequest.newBuilder(
          URI.create(queryUrl + "/stances?limit=1000" + (next == null ? "" : "&cursor=" + next)))
          .timeout(Duration.ofSeconds(10)).build());
      assertEquals(200, r.statusCode(), r.body());
      JsonNode page = JSON.readTree(r.body());
      page.get("stances").forEach(s -> served.add(describe(s)));
      next = page.get("next").isNull() ? null : page.get("next").asText();
    } while (next != null);
    return served;
  }

  /** A pair's current stance as the query API's {@code Stance} gives it, in the form of {@link #describe(PairSummary)}. */
  static String describe(JsonNode s) {
    return s.get("actor").asText() + "/" + s.get("topic").asText() + " " + s.get("stance").asText() + " "
        + s.get("statementId").asText() + " since " + Instant.parse(s.get("since").asText()) + " via "
        + (s.path("via").isTextual() ? s.get("via").asText() : null) + " of " + s.get("statements").asInt();
  }

  /** A pair's stance (it must have one): label, deciding statement, since, via and how many statements count. */
  static String describe(PairSummary p) {
    return p.actor() + "/" + p.topic() + " " + p.current().stance() + " " + p.current().statementId() + " since "
        + p.since() + " via " + p.current().via() + " of " + p.statements();
  }

  /**
   * The latest records of a topic are the expected ones, key by key. A failure names the keys
   * that differ, and shows the first few, rather than two maps of thousands of records.
   */
  static <V> void assertSameRecords(Topic<String, V> topic, Map<String, V> expected, Map<String, V> latest) {
    Set<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(latest.keySet());
    List<String> differ = keys.stream().filter(k -> !Objects.equals(expected.get(k), latest.get(k))).toList();
    assertTrue(differ.isEmpty(), differ.size() + " of " + keys.size() + " keys of " + topic.name()
        + " differ from the reference, the first: " + differ.stream().limit(3)
            .map(k -> k + ": expected " + expected.get(k) + ", latest " + latest.get(k)).toList());
  }

  /** Every pair's changes on the topic are numbered 1..n: none repeated, none skipped. */
  private static void assertSequencesComplete(Map<String, List<StanceChange>> published) {
    published.forEach((pair, changes) -> {
      for (int i = 0; i < changes.size(); i++) {
        assertEquals(i + 1, changes.get(i).sequence(), pair + ": change " + (i + 1) + " of " + changes);
      }
    });
  }

  /**
   * The changes on {@code stancewatch.stance-changes} per pair, read_committed, among the records
   * at or after {@code from} (per partition; partitions not named are read whole).
   */
  static Map<String, List<StanceChange>> publishedChanges(String bootstrapServers, Map<Integer, Long> from) {
    return byPair(TopicReader.readAll(bootstrapServers, Topics.STANCE_CHANGES, Duration.ofSeconds(60)).stream()
        .filter(r -> r.offset() >= from.getOrDefault(r.partition(), 0L))
        .map(r -> Records.toDomain(r.value())).toList());
  }

  /**
   * The latest value of every key of a compacted topic, read_committed, among the records at or
   * after {@code from} (per partition; partitions not named are read whole).
   */
  static <V> Map<String, V> latest(String bootstrapServers, Topic<String, V> topic, Map<Integer, Long> from) {
    Map<String, V> latest = new TreeMap<>();
    for (ConsumerRecord<String, V> r : TopicReader.readAll(bootstrapServers, topic, Duration.ofSeconds(60))) {
      if (r.offset() < from.getOrDefault(r.partition(), 0L)) {
        continue;
      }
      if (r.value() == null) {
        latest.remove(r.key());
      } else {
        latest.put(r.key(), r.value());
      }
    }
    return latest;
  }

  private static Map<String, List<StanceChange>> byPair(List<StanceChange> changes) {
    Map<String, List<StanceChange>> byPair = new TreeMap<>();
    changes.forEach(c -> byPair.computeIfAbsent(c.actor() + "/" + c.topic(), k -> new ArrayList<>()).add(c));
    return byPair;
  }

  private static String entry(StatementEvent event) {
    return event.getPayload() instanceof Statement s ? "S|" + s.getActor() + "|" + s.getStatementId()
        : "R|" + ((Retraction) event.getPayload()).getActor() + "|" + ((Retraction) event.getPayload()).getStatementId();
  }
}
