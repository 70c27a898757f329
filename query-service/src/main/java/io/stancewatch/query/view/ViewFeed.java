package io.stancewatch.query.view;

import io.micronaut.configuration.kafka.config.AbstractKafkaConsumerConfiguration;
import io.micronaut.configuration.kafka.config.AbstractKafkaProducerConfiguration;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.stancewatch.domain.Records;
import io.stancewatch.events.ActorProfile;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.events.PairStance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.query.consistency.ReadYourWrites;
import io.stancewatch.schemas.Topic;
import io.stancewatch.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.AdminClient;
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
 * Feeds the views: one thread reads stance-service's outputs ({@code stances},
 * {@code stance-history}, {@code actors}, {@code stance-changes}) from the beginning,
 * read_committed, with no consumer group (every instance builds its whole view). It counts as
 * caught up once it has read to the end offsets the topics had at start.
 *
 * <p>A record that does not decode, or whose key does not name what its value is about, is
 * skipped and reported to the dead-letter topic, which the same consumer reads so as to report
 * each record once ({@link DeadLetterReporter}).
 *
 * <p>Its consumer is not a micronaut-kafka {@code @KafkaListener}: a listener consumes as a
 * member of a consumer group from committed offsets, and the views need every partition from
 * the beginning on every instance, the reader's positions between polls (caught up,
 * read-your-writes) and shorter polls while a request waits. Its configuration is
 * micronaut-kafka's ({@code kafka.consumers.views}), which also puts its metrics on
 * {@code /prometheus}. It starts with the application, on a thread of its own, and waits for
 * the broker there: the service starts without one.
 */
@Singleton
public class ViewFeed implements ApplicationEventListener<StartupEvent> {

  /** The topics of the views, in the order a poll's records are applied: histories before the stances they explain. */
  static final List<String> VIEW_TOPICS = List.of(Topics.STANCE_HISTORY.name(), Topics.STANCES.name(),
      Topics.ACTORS.name(), Topics.STANCE_CHANGES.name());
  /** The longest one call to the broker may block the reader thread. */
  private static final Duration BROKER_CALL = Duration.ofSeconds(2);
  private static final Duration POLL = Duration.ofMillis(100);

  private static final Logger LOG = LoggerFactory.getLogger(ViewFeed.class);

  private final ActorStanceView actors;
  private final ViewDatabase database;
  private final HistoryStore history;
  private final ChangeLogView changes;
  private final ReadYourWrites readYourWrites;
  private final ViewMetrics metrics;
  private List<TopicPartition> viewPartitions = List.of();
  private final List<TopicPartition> letterPartitions = new ArrayList<>();
  private final AdminClient admin;
  private final int partitions;
  private final short replicationFactor;
  private final AbstractKafkaConsumerConfiguration<?, ?> consumerConfiguration;
  private final AbstractKafkaProducerConfiguration<?, ?> deadLetterConfiguration;
  private KafkaConsumer<byte[], byte[]> consumer;
  private DeadLetterReporter deadLetters;
  private Thread thread;
  private volatile Map<TopicPartition, Long> startEnd;
  private volatile boolean caughtUp;
  private volatile boolean stopping;
  private volatile Throwable failure;

  public ViewFeed(AdminClient admin,
      @Named("views") AbstractKafkaConsumerConfiguration<?, ?> consumerConfiguration,
      @Named("dead-letters") AbstractKafkaProducerConfiguration<?, ?> deadLetterConfiguration,
      @Property(name = "stancewatch.topics.partitions") int partitions,
      @Property(name = "stancewatch.topics.replication-factor") short replicationFactor,
      ActorStanceView actors, ViewDatabase database, HistoryStore history, ChangeLogView changes,
      ReadYourWrites readYourWrites, ViewMetrics metrics) {
    this.admin = admin;
    this.consumerConfiguration = consumerConfiguration;
    this.deadLetterConfiguration = deadLetterConfiguration;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
    this.actors = actors;
    this.database = database;
    this.history = history;
    this.changes = changes;
    this.readYourWrites = readYourWrites;
    this.metrics = metrics;
  }

  @Override
  public synchronized void onApplicationEvent(StartupEvent event) {
    // Bytes in, decoded per record, so one undecodable record is set aside rather than stopping the reader.
    consumer = new KafkaConsumer<>(consumerConfiguration.getConfig(), new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
    deadLetters = new DeadLetterReporter(deadLetterConfiguration.getConfig(), Set.copyOf(VIEW_TOPICS));
    thread = new Thread(this::run, "view-feed");
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
      createTopics();
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
    for (String topic : VIEW_TOPICS) {
      consumer.partitionsFor(topic, BROKER_CALL)
          .forEach(p -> views.add(new TopicPartition(p.topic(), p.partition())));
    }
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
    // Short polls while a request waits for a consistency token: it is checked between them.
    ConsumerRecords<byte[], byte[]> records = consumer.poll(readYourWrites.waiting() ? ReadYourWrites.INTERVAL : POLL);
    try (ViewDatabase.Batch batch = database.batch()) {
      // A poll's histories go to the database in one write, before the stances they explain.
      for (ConsumerRecord<byte[], byte[]> record : records.records(Topics.STANCE_HISTORY.name())) {
        apply(record, () -> applyHistory(record, batch));
      }
      batch.write();
      for (ConsumerRecord<byte[], byte[]> record : records) {
        String topic = record.topic();
        if (topic.equals(Topics.STATEMENTS_DLQ.name())) {
          deadLetters.letterRead(record.headers());
        } else if (topic.equals(Topics.STANCES.name())) {
          apply(record, () -> applyStance(record));
        } else if (topic.equals(Topics.ACTORS.name())) {
          apply(record, () -> applyProfile(record));
        } else if (topic.equals(Topics.STANCE_CHANGES.name())) {
          apply(record, () -> applyChange(record, batch));
        }
      }
      // The poll's changes in a second write, once the stances read with them are applied.
      batch.write();
    }
    // From what the last fetches said of each partition's end: no call to the broker.
    for (TopicPartition partition : viewPartitions) {
      metrics.lag(partition, consumer.currentLag(partition));
    }
    if (records.records(Topics.STANCE_CHANGES.name()).iterator().hasNext()) {
      changes.signalAppended();
    }
    deadLetters.writePending(() -> consumer.endOffsets(letterPartitions, BROKER_CALL), consumer::position);
    if (!caughtUp && startEnd.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
      caughtUp = true;
      LOG.info("Views caught up with the stance topics");
    }
    readYourWrites.check(viewPartitions, consumer::position);
  }

  /** Creates the contract's missing topics, waiting for the broker as long as it takes. */
  private void createTopics() {
    try {
      if (Topics.createMissingOnceReachable(admin, partitions, replicationFactor, BROKER_CALL.toMillis(),
          () -> stopping, why -> LOG.warn("Waiting for the broker: {}", why))) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new WakeupException();
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

  /** Applies one record, or skips and reports it when it does not decode. */
  private void apply(ConsumerRecord<byte[], byte[]> record, Runnable application) {
    try {
      application.run();
      metrics.applied(record);
    } catch (SerializationException e) {
      LOG.warn("Skipping undecodable record {}-{}@{} (reported to {} unless already there): {}", record.topic(),
          record.partition(), record.offset(), Topics.STATEMENTS_DLQ.name(), e.getMessage());
      deadLetters.undecodable(record, e);
      metrics.read(record);
    }
  }

  private void applyHistory(ConsumerRecord<byte[], byte[]> record, ViewDatabase.Batch batch) {
    String[] key = key(record, Topics.STANCE_HISTORY, 3);
    if (record.value() == null) {
      history.delete(batch, key[0], key[1], key[2]);
      return;
    }
    HistoryEntry entry = Topics.STANCE_HISTORY.valueSerde().deserializer().deserialize(record.topic(), record.value());
    sameKey(record, Topics.STANCE_HISTORY, Records.historyKey(entry.getActor(), entry.getTopic(), entry.getStatementId()));
    history.put(batch, entry, record.value());
  }

  private void applyStance(ConsumerRecord<byte[], byte[]> record) {
    String[] key = key(record, Topics.STANCES, 2);
    if (record.value() == null) {
      actors.applyPair(key[0], key[1], null);
      return;
    }
    PairStance stance = Topics.STANCES.valueSerde().deserializer().deserialize(record.topic(), record.value());
    sameKey(record, Topics.STANCES, Records.pairKey(stance.getActor(), stance.getTopic()));
    actors.applyPair(key[0], key[1], Records.toDomain(stance));
  }

  private void applyProfile(ConsumerRecord<byte[], byte[]> record) {
    String actor = key(record, Topics.ACTORS, 1)[0];
    if (record.value() == null) {
      actors.applyIdentity(actor, null);
      return;
    }
    ActorProfile profile = Topics.ACTORS.valueSerde().deserializer().deserialize(record.topic(), record.value());
    sameKey(record, Topics.ACTORS, profile.getActor());
    actors.applyIdentity(actor, Records.toDomain(profile));
  }

  private void applyChange(ConsumerRecord<byte[], byte[]> record, ViewDatabase.Batch batch) {
    if (record.value() == null) {
      throw new SerializationException("No value: every record of the change topic holds a StanceChanged");
    }
    StanceChanged change = Topics.STANCE_CHANGES.valueSerde().deserializer().deserialize(record.topic(), record.value());
    sameKey(record, Topics.STANCE_CHANGES, change.getActor());
    changes.put(batch, change, record.value(), record.partition(), record.offset());
  }

  /** The record's key, a string of {@code parts} non-empty parts separated by {@code /}. */
  private static String[] key(ConsumerRecord<byte[], byte[]> record, Topic<String, ?> topic, int parts) {
    String key = key(record, topic);
    String[] split = key.split("/", -1);
    if (split.length != parts || List.of(split).contains("")) {
      throw new SerializationException("The key '" + key + "' is not of the form of " + record.topic() + "'s keys");
    }
    return split;
  }

  /** Checks that the record's key is the one its value calls for. */
  private static void sameKey(ConsumerRecord<byte[], byte[]> record, Topic<String, ?> topic, String expected) {
    String key = key(record, topic);
    if (!key.equals(expected)) {
      throw new SerializationException("The key '" + key + "' is not the value's, '" + expected + "'");
    }
  }

  private static String key(ConsumerRecord<byte[], byte[]> record, Topic<String, ?> topic) {
    if (record.key() == null) {
      throw new SerializationException("No key: every record of " + record.topic() + " is keyed by what it is about");
    }
    return topic.keySerde().deserializer().deserialize(record.topic(), record.key());
  }

  @PreDestroy
  synchronized void close() throws InterruptedException {
    if (thread != null) {
      stopping = true;
      consumer.wakeup();
      thread.join(10_000);
    }
  }
}
