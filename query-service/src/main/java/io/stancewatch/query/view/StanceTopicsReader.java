package io.stancewatch.query.view;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.query.consistency.ReadYourWrites;
import io.stancewatch.schemas.TopicProvisioner;
import io.stancewatch.schemas.Topics;
import jakarta.annotation.PreDestroy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the views: one thread reads {@code actor-stances} and {@code stance-changes} from the
 * beginning, read_committed, with no consumer group (every instance builds its whole view).
 * It counts as caught up once it has read to the end offsets the topics had at start.
 *
 * <p>A record that does not decode is skipped and reported to the dead-letter topic, which
 * the same consumer reads so as to report each record once ({@link DeadLetterReporter}).
 */
@Context
public class StanceTopicsReader {

  /** The longest one call to the broker may block the reader thread. */
  private static final Duration BROKER_CALL = Duration.ofSeconds(2);

  private static final Logger LOG = LoggerFactory.getLogger(StanceTopicsReader.class);

  private final ActorStanceView actors;
  private final SnapshotDecoder decoder = new SnapshotDecoder();
  private final ChangeLogView changes;
  private final ReadYourWrites readYourWrites;
  private final ViewMetrics metrics;
  private List<TopicPartition> viewPartitions = List.of();
  private final List<TopicPartition> changePartitions = new ArrayList<>();
  private final List<TopicPartition> letterPartitions = new ArrayList<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final DeadLetterReporter deadLetters;
  private final Thread thread;
  private volatile Map<TopicPartition, Long> startEnd;
  private volatile boolean caughtUp;
  private volatile Throwable failure;

  public StanceTopicsReader(
      @Property(name = "kafka.bootstrap.servers") String bootstrapServers,
      @Property(name = "stancewatch.topics.partitions") int partitions,
      @Property(name = "stancewatch.topics.replication-factor") short replicationFactor,
      ActorStanceView actors, ChangeLogView changes, ReadYourWrites readYourWrites, ViewMetrics metrics) {
    this.actors = actors;
    this.changes = changes;
    this.readYourWrites = readYourWrites;
    this.metrics = metrics;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      TopicProvisioner.ensureTopics(admin, partitions, replicationFactor, 60_000);
    }
    // Bytes in, decoded per record, so one undecodable record is set aside rather than stopping the reader.
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.deadLetters = new DeadLetterReporter(bootstrapServers, Set.of(Topics.ACTOR_STANCES.name(), Topics.STANCE_CHANGES.name()));
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
      viewPartitions = untilBrokerAnswers(this::assignAll);
      metrics.track(viewPartitions);
      startEnd = untilBrokerAnswers(() -> consumer.endOffsets(viewPartitions, BROKER_CALL));
      while (true) {
        try {
          readOnce();
        } catch (TimeoutException e) {
          // The broker is away: the views keep what they hold, /health says DOWN, requests
          // waiting for a token time out with 504, and reading resumes when it is back.
          LOG.warn("The broker did not answer: {}", e.getMessage());
        }
      }
    } catch (WakeupException e) {
      // Shutting down.
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("The stance topics reader stopped; the views no longer update", e);
    } finally {
      consumer.close();
      deadLetters.close();
    }
  }

  /** Assigns every partition this reader reads, from the beginning; the partitions of the views. */
  private List<TopicPartition> assignAll() {
    List<TopicPartition> views = new ArrayList<>();
    for (String topic : List.of(Topics.ACTOR_STANCES.name(), Topics.STANCE_CHANGES.name())) {
      consumer.partitionsFor(topic, BROKER_CALL)
          .forEach(p -> views.add(new TopicPartition(p.topic(), p.partition())));
    }
    changePartitions.clear();
    views.stream().filter(p -> p.topic().equals(Topics.STANCE_CHANGES.name())).forEach(changePartitions::add);
    letterPartitions.clear();
    consumer.partitionsFor(Topics.STATEMENTS_DLQ.name(), BROKER_CALL)
        .forEach(p -> letterPartitions.add(new TopicPartition(p.topic(), p.partition())));
    List<TopicPartition> partitions = new ArrayList<>(views);
    partitions.addAll(letterPartitions);
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return views;
  }

  private void readOnce() {
    // Short polls: requests waiting for a consistency token are checked between them.
    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
    Map<ConsumerRecord<byte[], byte[]>, Snapshot> decoded = caughtUp ? Map.of() : latestSnapshots(records, this::decodeSnapshot);
    for (ConsumerRecord<byte[], byte[]> record : records) {
      apply(record, decoded.get(record));
    }
    // From what the last fetches said of each partition's end: no call to the broker.
    for (TopicPartition partition : viewPartitions) {
      metrics.lag(partition, consumer.currentLag(partition));
    }
    if (!records.isEmpty()) {
      changes.signalAppended();
    }
    deadLetters.writePending(() -> consumer.endOffsets(letterPartitions, BROKER_CALL), consumer::position);
    if (!caughtUp && startEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
      caughtUp = true;
      readYourWrites.caughtUp();
      LOG.info("Views caught up with the stance topics");
    }
    // read_committed: the end offsets are the last stable offsets, so no open transaction is waited for.
    readYourWrites.check(() -> consumer.endOffsets(changePartitions, BROKER_CALL), consumer::position);
  }

  private static <T> T untilBrokerAnswers(Supplier<T> call) {
    while (true) {
      try {
        return call.get();
      } catch (TimeoutException e) {
        LOG.warn("Waiting for the broker: {}", e.getMessage());
      }
    }
  }

  /** A decoded snapshot record: its actor, and its value (null for a tombstone). */
  record Snapshot(String actor, SnapshotDecoder.Decoded value) {}

  /** Marks a snapshot that a later one of the same actor, in the same poll, replaces. */
  static final Snapshot SUPERSEDED = new Snapshot(null, null);

  /**
   * While catching up, an actor's snapshots can come several to a poll (stance-service
   * publishes one per snapshot interval in which the actor changed, and compaction lags
   * behind), and each replaces the one before whole: decodes, per actor, only the last
   * snapshot that decodes, and marks the earlier ones superseded. They are not
   * decoded, so not checked either, as if compaction had removed them. Live, every record is
   * decoded and checked.
   */
  static Map<ConsumerRecord<byte[], byte[]>, Snapshot> latestSnapshots(ConsumerRecords<byte[], byte[]> records,
      Function<ConsumerRecord<byte[], byte[]>, Snapshot> decode) {
    Map<ConsumerRecord<byte[], byte[]>, Snapshot> decided = new IdentityHashMap<>();
    for (TopicPartition partition : records.partitions()) {
      if (!partition.topic().equals(Topics.ACTOR_STANCES.name())) {
        continue;
      }
      List<ConsumerRecord<byte[], byte[]>> inPartition = records.records(partition);
      Set<ByteBuffer> latestFound = new HashSet<>();
      for (int i = inPartition.size() - 1; i >= 0; i--) {
        ConsumerRecord<byte[], byte[]> record = inPartition.get(i);
        if (record.key() == null) {
          continue;
        }
        ByteBuffer key = ByteBuffer.wrap(record.key());
        if (latestFound.contains(key)) {
          decided.put(record, SUPERSEDED);
          continue;
        }
        try {
          decided.put(record, decode.apply(record));
          latestFound.add(key);
        } catch (SerializationException e) {
          // Decoded again, and reported, in its turn; an earlier snapshot of the actor may still do.
        }
      }
    }
    return decided;
  }

  /** Applies one record, or for a snapshot decoded ahead ({@code decoded}), what was decoded. */
  private void apply(ConsumerRecord<byte[], byte[]> record, Snapshot decoded) {
    if (record.topic().equals(Topics.STATEMENTS_DLQ.name())) {
      deadLetters.letterRead(record.headers());
      return;
    }
    try {
      if (record.topic().equals(Topics.ACTOR_STANCES.name())) {
        Snapshot snapshot = decoded == null ? decodeSnapshot(record) : decoded;
        if (snapshot != SUPERSEDED) {
          actors.apply(snapshot.actor(), snapshot.value());
        }
        metrics.snapshotApplied(record);
      } else {
        if (record.value() == null) {
          throw new SerializationException("No value: every record of the change topic holds a StanceChanged");
        }
        StanceChanged change = Topics.STANCE_CHANGES.valueSerde().deserializer().deserialize(record.topic(), record.value());
        actorKey(record, change.getActor());
        changes.apply(change, record.partition(), record.offset());
        metrics.changeApplied(record);
      }
    } catch (SerializationException e) {
      LOG.warn("Skipping undecodable record {}-{}@{} (reported to {} unless already there): {}", record.topic(),
          record.partition(), record.offset(), Topics.STATEMENTS_DLQ.name(), e.getMessage());
      deadLetters.undecodable(record, e);
      metrics.read(record);
    }
    // Even an undecodable snapshot was folded upstream: the progress it reports still counts.
    if (record.topic().equals(Topics.ACTOR_STANCES.name())) {
      readYourWrites.snapshotRead(record.headers());
    }
  }

  private Snapshot decodeSnapshot(ConsumerRecord<byte[], byte[]> record) {
    return decodeSnapshot(record, decoder, actors);
  }

  /** Decodes a snapshot record against the actor's snapshot in the view, whose unchanged pairs it reuses. */
  static Snapshot decodeSnapshot(ConsumerRecord<byte[], byte[]> record, SnapshotDecoder decoder, ActorStanceView actors) {
    String actor = actorKey(record, null);
    if (record.value() == null) {
      return new Snapshot(actor, null);
    }
    SnapshotDecoder.Decoded decoded = decoder.decode(record.value(),
        actors.actor(actor).map(ActorStanceView.Actor::snapshot).orElse(null));
    return new Snapshot(sameActor(actor, decoded.state().actor()), decoded);
  }

  /** The record's key, which must be the slug of the actor its value is about (any slug for a tombstone). */
  private static String actorKey(ConsumerRecord<byte[], byte[]> record, String actor) {
    if (record.key() == null) {
      throw new SerializationException("No key: every record is keyed by its actor's slug");
    }
    return sameActor(Topics.ACTOR_STANCES.keySerde().deserializer().deserialize(record.topic(), record.key()), actor);
  }

  private static String sameActor(String key, String actor) {
    if (actor != null && !actor.equals(key)) {
      throw new SerializationException("The key is not the slug of the actor, '" + actor + "'");
    }
    return key;
  }

  @PreDestroy
  void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(10_000);
  }
}
