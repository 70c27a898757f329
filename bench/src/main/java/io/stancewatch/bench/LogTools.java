package io.stancewatch.bench;

import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/** What the bench does on the broker itself: the backlog, consumer-group lag and end offsets. */
final class LogTools implements AutoCloseable {

  /** What stance-service derives from the statement log. */
  private static final Set<String> OUTPUT_TOPICS = Set.of(Topics.STANCES.name(), Topics.STANCE_HISTORY.name(),
      Topics.ACTORS.name(), Topics.STANCE_CHANGES.name());

  private final String bootstrapServers;
  private final Admin admin;

  LogTools(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Deletes what a stance-service derived from the log (the contract's output topics and the
   * internal topics of its application id) and creates the output topics again, empty.
   */
  void deleteDerivedTopics(String applicationId) throws ExecutionException, InterruptedException {
    deleteTopics(t -> OUTPUT_TOPICS.contains(t) || t.startsWith(applicationId + "-"));
    // A deleted topic leaves the listing before the broker has finished deleting it, and until
    // then creating it again fails as "exists", which the provisioner takes for done: retry.
    Set<String> wanted = Topics.ALL.stream().map(t -> t.name()).collect(Collectors.toSet());
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (true) {
      Topics.createMissing(admin, Stack.PARTITIONS, (short) 1, 60_000);
      if (admin.listTopics().names().get().containsAll(wanted)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The output topics were not created again within a minute");
      }
      Thread.sleep(200);
    }
  }

  /** Deletes the internal topics (changelogs, repartition topics) of a Kafka Streams application id. */
  void deleteInternalTopics(String applicationId) throws ExecutionException, InterruptedException {
    deleteTopics(t -> t.startsWith(applicationId + "-"));
  }

  private void deleteTopics(Predicate<String> which) throws ExecutionException, InterruptedException {
    List<String> doomed = admin.listTopics().names().get().stream().filter(which).toList();
    admin.deleteTopics(doomed).all().get();
    while (admin.listTopics().names().get().stream().anyMatch(doomed::contains)) {
      Thread.sleep(100);
    }
  }

  void createTopic(String name, int partitions) throws ExecutionException, InterruptedException {
    admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
  }

  /**
   * Writes the backlog as ingest-service would (Avro {@code StatementEvent}s keyed by the
   * speaker, acks=all), round by round so each pair's last statement is also its latest.
   * Returns the mean size of a record (key and value) in bytes.
   */
  double writeBacklog(StatementFactory statements) throws InterruptedException {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    AtomicReference<Exception> failure = new AtomicReference<>();
    long bytes = 0;
    var keys = Topics.STATEMENTS.keySerde().serializer();
    var values = Topics.STATEMENTS.valueSerde().serializer();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props,
        new org.apache.kafka.common.serialization.ByteArraySerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      for (int round = 0; round < StatementFactory.ROUNDS; round++) {
        for (int a = 0; a < statements.actors(); a++) {
          for (int i = 0; i < statements.issues(); i++) {
            var statement = statements.backlog(a, i, round);
            byte[] key = keys.serialize(Topics.STATEMENTS.name(), statement.getActor());
            byte[] value = values.serialize(Topics.STATEMENTS.name(), new StatementEvent(statement));
            bytes += key.length + value.length;
            producer.send(new ProducerRecord<>(Topics.STATEMENTS.name(), key, value), (metadata, e) -> {
              if (e != null) {
                failure.compareAndSet(null, e);
              }
            });
          }
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("Writing the backlog failed", failure.get());
    }
    return (double) bytes / statements.backlogSize();
  }

  /**
   * The records a Kafka Streams application has still to process: end offset minus committed
   * offset, summed over the statement log and every other topic the group has committed on
   * (its repartition topics, if it has any).
   */
  long lag(String applicationId) throws ExecutionException, InterruptedException {
    return lag(applicationId, tp -> true);
  }

  /** The same, on the statement log alone: what the group has not yet consumed of the statements. */
  long statementLag(String applicationId) throws ExecutionException, InterruptedException {
    return lag(applicationId, tp -> tp.topic().equals(Topics.STATEMENTS.name()));
  }

  private long lag(String applicationId, Predicate<TopicPartition> counted)
      throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < Stack.PARTITIONS; p++) {
      latest.put(new TopicPartition(Topics.STATEMENTS.name(), p), OffsetSpec.latest());
    }
    committed.keySet().stream().filter(counted).forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    long lag = 0;
    for (var end : admin.listOffsets(latest).all().get().entrySet()) {
      OffsetAndMetadata at = committed.get(end.getKey());
      lag += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
    }
    return lag;
  }

  /** Per partition of the change topic, its end offset now: where a change stream should resume to see only new changes. */
  Map<Integer, Long> changeTopicEnd() throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < Stack.PARTITIONS; p++) {
      latest.put(new TopicPartition(Topics.STANCE_CHANGES.name(), p), OffsetSpec.latest());
    }
    Map<Integer, Long> end = new HashMap<>();
    admin.listOffsets(latest).all().get().forEach((tp, info) -> end.put(tp.partition(), info.offset()));
    return end;
  }

  /** Counts the records of a topic (end minus start offsets), e.g. how many changes a fold published. */
  long records(String topic) throws ExecutionException, InterruptedException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
    for (var p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
      latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
      earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
    }
    AtomicLong count = new AtomicLong();
    admin.listOffsets(latest).all().get().values().forEach(i -> count.addAndGet(i.offset()));
    admin.listOffsets(earliest).all().get().values().forEach(i -> count.addAndGet(-i.offset()));
    return count.get();
  }

  /** Bytes the topic takes in the broker's log folder. */
  long bytes(String topic) throws ExecutionException, InterruptedException {
    long bytes = 0;
    for (var broker : admin.describeLogDirs(List.of(1)).allDescriptions().get().values()) {
      for (var dir : broker.values()) {
        for (var replica : dir.replicaInfos().entrySet()) {
          if (replica.getKey().topic().equals(topic)) {
            bytes += replica.getValue().size();
          }
        }
      }
    }
    return bytes;
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
