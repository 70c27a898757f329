package io.stancewatch.query.view;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.stancewatch.events.ActorStances;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.query.consistency.ReadYourWrites;
import io.stancewatch.schemas.TopicProvisioner;
import io.stancewatch.schemas.Topics;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the views: one thread reads {@code actor-stances} and {@code stance-changes} from the
 * beginning, read_committed, with no consumer group (every instance builds its whole view).
 * It counts as caught up once it has read to the end offsets the topics had at start.
 */
@Context
public class StanceTopicsReader {

  private static final Logger LOG = LoggerFactory.getLogger(StanceTopicsReader.class);

  private final ActorStanceView actors;
  private final ChangeLogView changes;
  private final ReadYourWrites readYourWrites;
  private final List<TopicPartition> changePartitions = new ArrayList<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private volatile Map<TopicPartition, Long> startEnd;
  private volatile boolean caughtUp;
  private volatile Throwable failure;

  public StanceTopicsReader(
      @Property(name = "kafka.bootstrap.servers") String bootstrapServers,
      @Property(name = "stancewatch.topics.partitions") int partitions,
      @Property(name = "stancewatch.topics.replication-factor") short replicationFactor,
      ActorStanceView actors, ChangeLogView changes, ReadYourWrites readYourWrites) {
    this.actors = actors;
    this.changes = changes;
    this.readYourWrites = readYourWrites;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      TopicProvisioner.ensureTopics(admin, partitions, replicationFactor, 60_000);
    }
    // Bytes in, decoded per record, so one undecodable record is skipped rather than stopping the reader.
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "stance-topics-reader");
    thread.start();
  }

  /** Whether the views hold at least everything committed to the topics when the service started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Why the reader stopped, or null while it runs. */
  public Throwable failure() {
    return failure;
  }

  private void run() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.ACTOR_STANCES.name(), Topics.STANCE_CHANGES.name())) {
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      partitions.stream().filter(p -> p.topic().equals(Topics.STANCE_CHANGES.name())).forEach(changePartitions::add);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      startEnd = consumer.endOffsets(partitions);
      while (true) {
        // Short polls: requests waiting for a consistency token are checked between them.
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          apply(record);
        }
        if (!records.isEmpty()) {
          changes.signalAppended();
        }
        if (!caughtUp && startEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          caughtUp = true;
          readYourWrites.caughtUp();
          LOG.info("Views caught up with the stance topics");
        }
        // read_committed: the end offsets are the last stable offsets, so no open transaction is waited for.
        readYourWrites.check(() -> consumer.endOffsets(changePartitions), consumer::position);
      }
    } catch (WakeupException e) {
      // Shutting down.
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("The stance topics reader stopped; the views no longer update", e);
    } finally {
      consumer.close();
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    try {
      String actor = record.key() == null ? null : Topics.ACTOR_STANCES.keySerde().deserializer().deserialize(record.topic(), record.key());
      if (record.topic().equals(Topics.ACTOR_STANCES.name())) {
        ActorStances snapshot = Topics.ACTOR_STANCES.valueSerde().deserializer().deserialize(record.topic(), record.value());
        actors.apply(actor, snapshot);
      } else if (record.value() != null) {
        StanceChanged change = Topics.STANCE_CHANGES.valueSerde().deserializer().deserialize(record.topic(), record.value());
        changes.apply(change, record.partition(), record.offset());
      }
    } catch (SerializationException e) {
      LOG.warn("Skipping undecodable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
    }
    // Even an undecodable snapshot was folded upstream: the progress it reports still counts.
    if (record.topic().equals(Topics.ACTOR_STANCES.name())) {
      readYourWrites.snapshotRead(record.headers());
    }
  }

  @PreDestroy
  void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(10_000);
  }
}
