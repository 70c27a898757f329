package io.stancewatch.ingest.log;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.ConsistencyToken;
import io.stancewatch.schemas.TopicProvisioner;
import io.stancewatch.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends statement events to {@code stancewatch.statements}. Every append is committed in a
 * Kafka transaction, so a batch is all or nothing and a write that fails or times out is
 * aborted: readers (read_committed) never see a write that was not answered 202. One writer
 * thread groups the appends waiting at that moment into one transaction (group commit),
 * which keeps the transaction overhead per statement small under load.
 */
@Singleton
public class StatementLog {

  private static final Logger LOG = LoggerFactory.getLogger(StatementLog.class);
  private static final int MAX_RECORDS_PER_TRANSACTION = 5_000;

  private final String bootstrapServers;
  private final int partitions;
  private final short replicationFactor;
  private final Map<String, Object> producerConfig;
  private final Duration ackTimeout;
  private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private volatile boolean running = true;
  private KafkaProducer<String, StatementEvent> producer;
  private boolean topicsEnsured;

  public StatementLog(
      @Property(name = "kafka.bootstrap.servers") String bootstrapServers,
      @Property(name = "stancewatch.topics.partitions") int partitions,
      @Property(name = "stancewatch.topics.replication-factor") short replicationFactor,
      @Property(name = "stancewatch.ingest.ack-timeout") Duration ackTimeout,
      @Property(name = "stancewatch.ingest.transactional-id") String transactionalId,
      @Property(name = "stancewatch.producer") @MapFormat(transformation = MapFormat.MapTransformation.FLAT,
          keyFormat = StringConvention.RAW) Map<String, Object> producerConfig) {
    this.bootstrapServers = bootstrapServers;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
    this.ackTimeout = ackTimeout;
    this.producerConfig = new HashMap<>(producerConfig);
    this.producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
        transactionalId.isBlank() ? "stancewatch-ingest-" + UUID.randomUUID() : transactionalId);
    this.writer = new Thread(this::writeLoop, "statement-log-writer");
    writer.start();
  }

  /**
   * Appends the events in one transaction and returns once it is committed; throws
   * {@link LogUnavailableException} when it could not be committed within the ack timeout.
   */
  public ConsistencyToken append(List<StatementEvent> events) {
    Append append = new Append(events, System.nanoTime() + ackTimeout.toNanos());
    if (!running) {
      throw new LogUnavailableException("ingest-service is shutting down", null);
    }
    queue.add(append);
    try {
      return append.done.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof LogUnavailableException u ? u
          : new LogUnavailableException("The statement log is unavailable", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LogUnavailableException("Interrupted while waiting for the broker", e);
    }
  }

  private void writeLoop() {
    while (running || !queue.isEmpty()) {
      List<Append> group = new ArrayList<>();
      try {
        Append first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        int records = first.events.size();
        while (records < MAX_RECORDS_PER_TRANSACTION && queue.peek() != null
            && records + queue.peek().events.size() <= MAX_RECORDS_PER_TRANSACTION) {
          Append next = queue.poll();
          group.add(next);
          records += next.events.size();
        }
        commit(group);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        group.forEach(a -> a.fail(new LogUnavailableException("ingest-service is shutting down", e)));
        return;
      }
    }
  }

  private void commit(List<Append> group) {
    List<Append> live = new ArrayList<>();
    long now = System.nanoTime();
    for (Append append : group) {
      if (now - append.deadline > 0) {
        append.fail(new LogUnavailableException("The broker did not acknowledge within " + ackTimeout, null));
      } else {
        live.add(append);
      }
    }
    if (live.isEmpty()) {
      return;
    }
    try {
      KafkaProducer<String, StatementEvent> p = producer();
      p.beginTransaction();
      List<List<Future<RecordMetadata>>> sent = new ArrayList<>();
      for (Append append : live) {
        List<Future<RecordMetadata>> futures = new ArrayList<>();
        for (StatementEvent event : append.events) {
          futures.add(p.send(new ProducerRecord<>(Topics.STATEMENTS.name(), actorOf(event), event)));
        }
        sent.add(futures);
      }
      p.commitTransaction();
      for (int i = 0; i < live.size(); i++) {
        live.get(i).done.complete(tokenOf(sent.get(i)));
      }
    } catch (KafkaException | IllegalStateException | ExecutionException | InterruptedException e) {
      LOG.warn("Could not commit {} appends to the statement log: {}", live.size(), e.toString());
      abort();
      live.forEach(a -> a.fail(new LogUnavailableException("The broker did not acknowledge the write", e)));
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private KafkaProducer<String, StatementEvent> producer() {
    if (producer == null) {
      ensureTopics();
      Properties props = new Properties();
      props.putAll(producerConfig);
      KafkaProducer<String, StatementEvent> created = new KafkaProducer<>(props,
          Topics.STATEMENTS.keySerde().serializer(), Topics.STATEMENTS.valueSerde().serializer());
      try {
        // Also aborts whatever a previous process with this transactional id left open.
        created.initTransactions();
      } catch (KafkaException e) {
        created.close(Duration.ZERO);
        throw e;
      }
      producer = created;
    }
    return producer;
  }

  /**
   * Creates the contract's missing topics before the first write, on the writer thread and
   * bounded by the ack timeout: an unreachable broker is then a 503 for that write, not a bean
   * that fails to build (a 500) after the admin client's default minute. Tried again with the
   * next write until it succeeds.
   */
  private void ensureTopics() {
    if (topicsEnsured) {
      return;
    }
    int timeoutMs = (int) ackTimeout.toMillis();
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs))) {
      TopicProvisioner.ensureTopics(admin, partitions, replicationFactor, timeoutMs);
    }
    topicsEnsured = true;
  }

  /**
   * Aborts the open transaction; if even that fails, drops the producer: the next one's
   * initTransactions aborts the transaction on the broker before anything else is written.
   */
  private void abort() {
    if (producer == null) {
      return;
    }
    try {
      producer.abortTransaction();
    } catch (KafkaException | IllegalStateException e) {
      producer.close(Duration.ZERO);
      producer = null;
    }
  }

  private static ConsistencyToken tokenOf(List<Future<RecordMetadata>> futures)
      throws ExecutionException, InterruptedException {
    Map<Integer, Long> offsets = new HashMap<>();
    for (Future<RecordMetadata> future : futures) {
      RecordMetadata metadata = future.get();
      offsets.merge(metadata.partition(), metadata.offset(), Math::max);
    }
    return new ConsistencyToken(offsets);
  }

  private static String actorOf(StatementEvent event) {
    return event.getPayload() instanceof io.stancewatch.events.Statement s ? s.getActor()
        : ((io.stancewatch.events.Retraction) event.getPayload()).getActor();
  }

  @PreDestroy
  void close() throws InterruptedException {
    running = false;
    writer.join(ackTimeout.toMillis() + 5_000);
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }

  private static final class Append {
    final List<StatementEvent> events;
    final long deadline;
    final CompletableFuture<ConsistencyToken> done = new CompletableFuture<>();

    Append(List<StatementEvent> events, long deadline) {
      this.events = List.copyOf(events);
      this.deadline = deadline;
    }

    void fail(LogUnavailableException e) {
      done.completeExceptionally(e);
    }
  }
}
