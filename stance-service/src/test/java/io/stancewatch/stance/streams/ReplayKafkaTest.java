package io.stancewatch.stance.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.domain.LogFold;
import io.stancewatch.domain.Records;
import io.stancewatch.domain.StanceChange;
import io.stancewatch.events.PairStance;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.SharedKafka;
import io.stancewatch.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The log is the source of truth (contract section 4): fold a few thousand statements, then
 * throw every store away (a new application id and state folder: new changelogs, new relay
 * topic, offsets from the start) and fold the same log again. Both runs must publish the same
 * changes, pair by pair and field by field, and end with the same pair stances; both must equal
 * the pure fold of the log.
 */
class ReplayKafkaTest {

  private static final int STATEMENTS = 3_000;

  @Test
  void replayingTheLogFromScratchGivesTheSameStancesAndChanges() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<StatementEvent> log = randomLog(run, new Random(42));
    LogFold reference = new LogFold();
    publish(log, Instant.parse("2025-03-01T00:00:00Z"), reference);
    Map<String, List<StanceChange>> expected = byPair(reference.changes());
    Map<String, PairStance> expectedStances = reference.stances();

    fold(run, "first", expectedStances);
    Map<String, List<StanceChange>> first = changesOf(run);
    assertEquals(expected, first, "the first fold publishes the pure fold's changes");

    fold(run, "replay", expectedStances);
    Map<String, List<StanceChange>> replayed = new TreeMap<>();
    changesOf(run).forEach((pair, both) -> {
      assertEquals(first.get(pair), both.subList(0, both.size() / 2), pair);
      replayed.put(pair, both.subList(both.size() / 2, both.size()));
    });
    assertEquals(first, replayed, "the replay publishes the same changes again, detectedAt included");
  }

  /**
   * Runs a stance-service with its own application id and state folder until the latest
   * stance it published of every pair of the run is the pure fold's. Only its own
   * records count: a replay's would otherwise be taken as done by the first fold's.
   */
  private static void fold(String run, String name, Map<String, PairStance> expectedStances) throws Exception {
    Map<Integer, Long> from = TopicReader.endOffsets(SharedKafka.bootstrapServers(), Topics.STANCES);
    Path stateDir = Files.createDirectories(Path.of("target", "replay-" + run + "-" + name));
    try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, Map.of(
        "kafka.bootstrap.servers", SharedKafka.bootstrapServers(),
        "stancewatch.topics.partitions", SharedKafka.PARTITIONS,
        "kafka.streams.default.application.id", "replay-test-" + run + "-" + name,
        "kafka.streams.default.state.dir", stateDir.toString(),
        "micronaut.server.port", -1))) {
      Awaitility.await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2))
          .untilAsserted(() -> assertEquals(expectedStances, latestStances(run, from)));
    }
  }

  /**
   * Statements by 40 actors on 8 topics, with ties, re-sent duplicates, statements on a bloc's
   * behalf (each bloc pair spoken for by one speaker: see docs/DESIGN.md on relay order) and
   * retractions of earlier statements.
   */
  private static List<StatementEvent> randomLog(String run, Random random) {
    List<StatementEvent> log = new ArrayList<>();
    List<Statement> said = new ArrayList<>();
    for (int i = 0; i < STATEMENTS; i++) {
      int r = random.nextInt(100);
      if (r < 5 && !said.isEmpty()) {
        log.add(new StatementEvent(said.get(random.nextInt(said.size()))));
        continue;
      }
      if (r < 12 && !said.isEmpty()) {
        Statement target = said.get(random.nextInt(said.size()));
        log.add(new StatementEvent(Retraction.newBuilder().setStatementId(target.getStatementId())
            .setActor(target.getActor()).setTopic(target.getTopic()).build()));
        continue;
      }
      int actor = random.nextInt(40);
      int topic = random.nextInt(8);
      Statement statement = Statement.newBuilder()
          .setStatementId("st-" + i)
          .setActor("actor-" + actor + "-" + run)
          .setOnBehalfOf(actor < 4 && random.nextBoolean() ? "bloc-" + actor + "-" + run : null)
          .setTopic("topic-" + topic)
          .setStance(Stance.values()[random.nextInt(3)])
          .setStrength(random.nextInt(11) / 10.0)
          .setOccurredAt(Instant.parse("2024-01-01T00:00:00Z").plus(Duration.ofDays(random.nextInt(400))))
          .build();
      said.add(statement);
      log.add(new StatementEvent(statement));
    }
    return log;
  }

  /** Appends the log, one millisecond apart, and folds the same entries with their log timestamps. */
  private static void publish(List<StatementEvent> log, Instant loggedAt, LogFold reference) throws Exception {
    try (KafkaProducer<String, StatementEvent> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        Topics.STATEMENTS.keySerde().serializer(), Topics.STATEMENTS.valueSerde().serializer())) {
      for (int i = 0; i < log.size(); i++) {
        StatementEvent entry = log.get(i);
        Instant at = loggedAt.plusMillis(i);
        String actor = entry.getPayload() instanceof Statement s ? s.getActor() : ((Retraction) entry.getPayload()).getActor();
        producer.send(new ProducerRecord<>(Topics.STATEMENTS.name(), null, at.toEpochMilli(), actor, entry));
        reference.apply(entry, at);
      }
      producer.flush();
    }
  }

  private static Map<String, List<StanceChange>> changesOf(String run) {
    return byPair(TopicReader.readAll(SharedKafka.bootstrapServers(), Topics.STANCE_CHANGES, Duration.ofSeconds(60))
        .stream().filter(r -> r.key().endsWith(run)).map(ConsumerRecord::value).map(Records::toDomain).toList());
  }

  /** Per pair of the run, its latest stance among those at or after {@code from} (per partition). */
  private static Map<String, PairStance> latestStances(String run, Map<Integer, Long> from) {
    Map<String, PairStance> latest = new TreeMap<>();
    TopicReader.readAll(SharedKafka.bootstrapServers(), Topics.STANCES, Duration.ofSeconds(60))
        .stream().filter(r -> r.key().contains("-" + run + "/") && r.offset() >= from.getOrDefault(r.partition(), 0L))
        .forEach(r -> latest.put(r.key(), r.value()));
    return latest;
  }

  private static Map<String, List<StanceChange>> byPair(List<StanceChange> changes) {
    Map<String, List<StanceChange>> byPair = new TreeMap<>();
    changes.forEach(c -> byPair.computeIfAbsent(c.actor() + "/" + c.topic(), k -> new ArrayList<>()).add(c));
    return byPair;
  }
}
