package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stancewatch.domain.ActorState;
import io.stancewatch.domain.CurrentStance;
import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.Snapshots;
import io.stancewatch.domain.StanceChange;
import io.stancewatch.events.ActorStances;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
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

  /**
   * Waits until {@code stancewatch.stance-changes} (read_committed) holds exactly the reference's
   * changes, each once, and the latest {@code stancewatch.actor-stances} snapshot of every
   * actor is the reference's state.
   */
  void awaitPublished(String bootstrapServers, Duration timeout) {
    Map<String, List<StanceChange>> expected = changes();
    Map<String, ActorStances> expectedSnapshots = new TreeMap<>();
    fold.states().values().stream().filter(s -> !s.pairs().isEmpty())
        .forEach(s -> expectedSnapshots.put(s.actor(), Snapshots.toAvro(s)));
    Awaitility.await("the published changes and snapshots equal the reference fold")
        .atMost(timeout).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
          Map<String, List<StanceChange>> published = publishedChanges(bootstrapServers);
          assertSequencesComplete(published);
          assertEquals(expected, published, "each change once, none missing");
          assertEquals(expectedSnapshots, latestSnapshots(bootstrapServers), "snapshots");
        });
  }

  /** Waits until query-service at {@code queryUrl} serves the reference's current stances. */
  void awaitServedBy(String queryUrl, Duration timeout) {
    Set<String> expected = new TreeSet<>();
    for (ActorState state : fold.states().values()) {
      state.pairs().forEach(p -> p.current().ifPresent(c -> expected.add(describe(state.actor(), p.topic(), c))));
    }
    Awaitility.await("query-service at " + queryUrl + " serves the reference stances")
        .atMost(timeout).pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertEquals(expected, served(queryUrl)));
  }

  private static Set<String> served(String queryUrl) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(queryUrl + "/stances"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    Set<String> served = new TreeSet<>();
    for (JsonNode s : JSON.readTree(r.body()).get("stances")) {
      served.add(s.get("actor").asText() + "/" + s.get("topic").asText() + " " + s.get("stance").asText() + " "
          + s.get("statementId").asText() + " since " + Instant.parse(s.get("since").asText()) + " via "
          + (s.get("via").isNull() ? null : s.get("via").asText()) + " of " + s.get("statements").asInt());
    }
    return served;
  }

  private static String describe(String actor, String topic, CurrentStance c) {
    return actor + "/" + topic + " " + c.stance() + " " + c.statement().statementId() + " since " + c.since()
        + " via " + c.statement().via() + " of " + c.statements();
  }

  /** Every pair's changes on the topic are numbered 1..n: none repeated, none skipped. */
  private static void assertSequencesComplete(Map<String, List<StanceChange>> published) {
    published.forEach((pair, changes) -> {
      for (int i = 0; i < changes.size(); i++) {
        assertEquals(i + 1, changes.get(i).sequence(), pair + ": change " + (i + 1) + " of " + changes);
      }
    });
  }

  static Map<String, List<StanceChange>> publishedChanges(String bootstrapServers) {
    List<StanceChange> changes = new ArrayList<>();
    for (ConsumerRecord<String, StanceChanged> r : TopicReader.readAll(bootstrapServers, Topics.STANCE_CHANGES,
        Duration.ofSeconds(60))) {
      StanceChanged c = r.value();
      changes.add(new StanceChange(c.getActor(), c.getTopic(), c.getPreviousStance(), c.getNewStance(),
          c.getPreviousPosition(), c.getNewPosition(), c.getCauseStatementId(), c.getCause(), c.getOccurredAt(),
          c.getDetectedAt(), c.getSequence(), c.getVia()));
    }
    return byPair(changes);
  }

  private static Map<String, ActorStances> latestSnapshots(String bootstrapServers) {
    Map<String, ActorStances> latest = new TreeMap<>();
    for (ConsumerRecord<String, ActorStances> r : TopicReader.readAll(bootstrapServers, Topics.ACTOR_STANCES,
        Duration.ofSeconds(60))) {
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
