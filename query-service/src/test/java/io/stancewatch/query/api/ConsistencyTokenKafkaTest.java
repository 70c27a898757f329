package io.stancewatch.query.api;

import static io.stancewatch.query.api.LogEntries.said;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.events.Stance;
import io.stancewatch.query.api.QueryApi.Response;
import io.stancewatch.query.consistency.ReadYourWrites;
import io.stancewatch.schemas.ConsistencyToken;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Read-your-writes over HTTP (contract section 5): a GET with a consistencyToken answers once
 * the views include the write, that is once stance-service's consumer group has committed past
 * it, has folded what it relayed, and the reader has read the outputs ({@link ReadYourWrites}).
 * The tests play stance-service: they publish its outputs ({@link StanceServiceOutputs}) and
 * commit its offsets. Each starts a query-service of its own, for a stance-service application
 * id of its own, so no test sees the offsets or relays another committed.
 */
class ConsistencyTokenKafkaTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  /** The offset of the test's write on its partition of the statement log. */
  private static final long WRITE = 1_000;
  private String stanceService;
  private EmbeddedServer server;
  private QueryApi api;
  private ReadYourWrites readYourWrites;
  private StanceServiceOutputs outputs;

  @BeforeEach
  void start() {
    stanceService = "stance-service-" + UUID.randomUUID().toString().substring(0, 8);
    server = RunningQueryService.start(stanceService);
    api = new QueryApi(server.getURI());
    readYourWrites = server.getApplicationContext().getBean(ReadYourWrites.class);
    outputs = new StanceServiceOutputs();
  }

  @AfterEach
  void stop() {
    server.close();
    outputs.close();
  }

  @Test
  void aConsistencyTokenWaitsUntilStanceServiceCommittedPastTheWrite() throws Exception {
    String actor = "token-" + RUN;
    // stance-service has folded the log up to the write, not the write itself.
    commit(Map.of(statements(0), WRITE));
    CompletableFuture<Response> waiting = api.getAsync("/actors/" + actor + "/stances?consistencyToken=" + token(0, WRITE));
    Awaitility.await("the request waits for its token").until(readYourWrites::waiting);

    // A token of the entry before the write, asked for after the request: the round of questions to
    // the broker that finds it covered checks the request too, against the same committed offsets.
    CompletableFuture<Void> entryBefore = readYourWrites.await(new ConsistencyToken(Map.of(0, WRITE - 1)));
    Awaitility.await("the entry before the write covered").atMost(RunningQueryService.MAX_WAIT)
        .until(entryBefore::isDone);
    assertFalse(waiting.isDone(), "the group's committed offset is the write's own: not past it");

    // The write's outputs, then the commit past it, as stance-service's transaction makes them visible together.
    outputs.publish(List.of(said("t-1", actor, "ceasefire-" + RUN, Stance.SUPPORT, "2025-04-01T00:00:00Z", null)));
    commit(Map.of(statements(0), WRITE + 1));

    Response answer = answer(waiting);
    // Let through before the outputs were published, it would have found no such actor.
    assertEquals(200, answer.status(), answer.body().toString());
    assertEquals("SUPPORT", answer.body().get("stances").get(0).get("stance").asText());
  }

  @Test
  void aBlocWriteIsCoveredOnlyOnceItsRelayIsFolded() throws Exception {
    String speaker = "speaker-" + RUN;
    String bloc = "bloc-" + RUN;
    String relays = stanceService + "-relays-repartition";
    try (Admin admin = SharedKafka.admin()) {
      admin.createTopics(List.of(new NewTopic(relays, SharedKafka.PARTITIONS, (short) 1))).all().get();
    }
    RecordMetadata relay;
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      relay = producer.send(new ProducerRecord<>(relays, 1, bytes(bloc), bytes("the relay"))).get();
    }
    // The speaker's half folded and committed; the relay to the bloc not yet.
    outputs.publish(List.of(said("b-1", speaker, "ceasefire-" + RUN, Stance.OPPOSE, "2025-04-01T00:00:00Z", bloc)));
    commit(Map.of(statements(1), WRITE + 1));
    String path = "/actors/" + bloc + "/stances?consistencyToken=" + token(1, WRITE);

    Response unfolded = api.get(path);
    assertEquals(504, unfolded.status(), "the relay to the bloc is not folded, yet: " + unfolded.body());

    // The request that gave up leaves the queue at the reader's next round; then the next one waits alone.
    Awaitility.await("the request that gave up dropped").until(() -> !readYourWrites.waiting());
    CompletableFuture<Response> waiting = api.getAsync(path);
    Awaitility.await("the request waits for its token").until(readYourWrites::waiting);
    commit(Map.of(new TopicPartition(relays, 1), relay.offset() + 1));

    Response answer = answer(waiting);
    assertEquals(200, answer.status(), answer.body().toString());
    assertEquals(speaker, answer.body().get("stances").get(0).get("via").asText());
  }

  @Test
  void aConsistencyTokenNotReachedInTimeIs504AndAMalformedOneIs400() throws Exception {
    Response late = api.get("/actors?consistencyToken=" + token(2, Long.MAX_VALUE - 1));
    assertEquals(504, late.status(), late.body().toString());
    assertEquals("application/problem+json", late.contentType());
    api.assertProblem("/actors?consistencyToken=nonsense", 400, "consistencyToken");
  }

  /** Commits offsets for stance-service's group, as its exactly-once transaction would. */
  private void commit(Map<TopicPartition, Long> offsets) {
    try (KafkaConsumer<byte[], byte[]> group = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, stanceService,
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      group.assign(offsets.keySet());
      Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
      offsets.forEach((p, o) -> commits.put(p, new OffsetAndMetadata(o)));
      group.commitSync(commits);
    }
  }

  /** The answer to a request that waits, at most its token's wait and a round trip. */
  private static Response answer(CompletableFuture<Response> waiting) {
    Awaitility.await("the answer").atMost(RunningQueryService.MAX_WAIT.plusSeconds(5)).until(waiting::isDone);
    return waiting.join();
  }

  private static String token(int partition, long offset) {
    return new ConsistencyToken(Map.of(partition, offset)).encode();
  }

  private static TopicPartition statements(int partition) {
    return new TopicPartition(Topics.STATEMENTS.name(), partition);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
