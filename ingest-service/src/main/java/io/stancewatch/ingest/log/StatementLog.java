package io.stancewatch.ingest.log;

import io.micronaut.configuration.kafka.config.AbstractKafkaProducerConfiguration;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.ConsistencyToken;
import io.stancewatch.schemas.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
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
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.AdminClient;
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
 * aborted: readers (read_committed) never see a write that was not answered 202. A small pool
 * of writer threads, each with its own transactional producers, takes turns to put the appends
 * waiting at that moment into one transaction (group commit): several transactions are in
 * flight at once, so one commit's round trips do not hold up every other write. Appends are
 * answered through a future, so no request thread waits for the broker.
 *
 * <p>Its producers are built here, not taken from micronaut-kafka's producer registry, which
 * keeps one producer per client id and type: the group commit needs several transactional
 * producers with ids that stay the same across restarts, each dropped and made anew after a
 * failure. Their configuration is micronaut-kafka's ({@code kafka.producers.statement-log}),
 * which also puts their metrics on {@code /prometheus}.
 */
@Singleton
public class StatementLog implements ApplicationEventListener<StartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(StatementLog.class);
  private static final int MAX_RECORDS_PER_TRANSACTION = 5_000;

  private final AdminClient admin;
  private final int partitions;
  private final short replicationFactor;
  private final Duration ackTimeout;
  private final BlockingQueue<Append> queue = new LinkedBlockingQueue<>();
  private final List<Writer> writers = new ArrayList<>();
  /**
   * Writers take the waiting appends in turns, longest idle first (a fair lock): a producer's
   * next transaction cannot start until the broker has finished its last commit (it answers
   * CONCURRENT_TRANSACTIONS, and the client retries after 20 ms), so the writer that just
   * committed is the last one to ask again.
   */
  private final ReentrantLock turn = new ReentrantLock(true);
  private volatile boolean running = true;
  private volatile boolean topicsEnsured;

  public StatementLog(
      AdminClient admin,
      @Named("statement-log") AbstractKafkaProducerConfiguration<?, ?> producerConfiguration,
      @Property(name = "stancewatch.topics.partitions") int partitions,
      @Property(name = "stancewatch.topics.replication-factor") short replicationFactor,
      @Property(name = "stancewatch.ingest.ack-timeout") Duration ackTimeout,
      @Property(name = "stancewatch.ingest.transactional-id") String transactionalId,
      @Property(name = "stancewatch.ingest.writers") int writerCount) {
    if (writerCount < 1) {
      throw new IllegalArgumentException("stancewatch.ingest.writers must be at least 1, not " + writerCount);
    }
    this.admin = admin;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
    this.ackTimeout = ackTimeout;
    String idPrefix = transactionalId.isBlank() ? "stancewatch-ingest-" + UUID.randomUUID() : transactionalId;
    for (int i = 0; i < writerCount; i++) {
      List<Transactor> pair = new ArrayList<>();
      for (int j = 2 * i; j < 2 * i + 2; j++) {
        Properties config = new Properties();
        config.putAll(producerConfiguration.getConfig());
        // The same ids after a restart: each new producer aborts what its predecessor left open.
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, idPrefix + "-" + j);
        pair.add(new Transactor(config));
      }
      writers.add(new Writer(pair, "statement-log-writer-" + i));
    }
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    writers.forEach(w -> w.thread.start());
  }

  /**
   * Appends the events in one transaction; the future completes once it is committed, or
   * fails with {@link LogUnavailableException} when it could not be committed within the ack
   * timeout (nothing of it is then visible to read_committed readers).
   */
  public CompletableFuture<ConsistencyToken> append(List<StatementEvent> events) {
    Append append = new Append(events, System.nanoTime() + ackTimeout.toNanos());
    if (!running) {
      append.fail(new LogUnavailableException("ingest-service is shutting down", null));
    } else {
      queue.add(append);
    }
    return append.done;
  }

  /** The appends waiting now (at least one, if one comes within 100 ms), up to a transaction's worth. */
  private List<Append> nextGroup() throws InterruptedException {
    Append first = queue.poll(100, TimeUnit.MILLISECONDS);
    if (first == null) {
      return List.of();
    }
    List<Append> group = new ArrayList<>();
    group.add(first);
    int records = first.events.size();
    while (queue.peek() != null && records + queue.peek().events.size() <= MAX_RECORDS_PER_TRANSACTION) {
      Append next = queue.poll();
      group.add(next);
      records += next.events.size();
    }
    return group;
  }

  /**
   * One writer thread and its two transactional producers, used in turn: a producer's next
   * transaction cannot start until the broker has written the markers of its last commit (the
   * broker answers CONCURRENT_TRANSACTIONS and the client waits 20 ms before it asks again), so
   * each producer rests while the other one commits.
   */
  private final class Writer {

    private final List<Transactor> transactors;
    private final Thread thread;
    private int next;
    /** Until prepare() ends; guarded by this writer, so close() interrupts nothing but it. */
    private boolean preparing = true;

    Writer(List<Transactor> transactors, String name) {
      this.transactors = transactors;
      this.thread = new Thread(this::writeLoop, name);
    }

    private void writeLoop() {
      prepare();
      while (running || !queue.isEmpty()) {
        List<Append> group;
        turn.lock();
        try {
          group = nextGroup();
        } catch (InterruptedException e) {
          // Nothing was taken from the queue: close() answers whatever is still in it.
          Thread.currentThread().interrupt();
          return;
        } finally {
          turn.unlock();
        }
        commit(group);
      }
    }

    /**
     * Makes this writer's producers before a write needs them: a new transactional producer
     * takes 130 to 300 ms (metadata, its transactional id's coordinator, initTransactions), which
     * each of the first writes after a start would otherwise wait for. A broker that cannot be
     * reached yet is left to the first write, which then answers 503 within the ack timeout.
     */
    private void prepare() {
      try {
        for (Transactor transactor : transactors) {
          if (!running) {
            return;
          }
          transactor.prepare();
        }
      } catch (KafkaException e) {
        if (running) {
          LOG.info("{} could not prepare its producers yet; the first write tries again: {}", thread.getName(), e.toString());
        }
      } finally {
        synchronized (this) {
          preparing = false;
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
      Transactor transactor = transactors.get(next);
      next = (next + 1) % transactors.size();
      try {
        KafkaProducer<String, StatementEvent> p = transactor.producer();
        p.beginTransaction();
        List<List<Future<RecordMetadata>>> sent = new ArrayList<>();
        for (Append append : live) {
          List<Future<RecordMetadata>> futures = new ArrayList<>(append.events.size());
          for (StatementEvent event : append.events) {
            futures.add(p.send(new ProducerRecord<>(Topics.STATEMENTS.name(), actorOf(event), event)));
          }
          sent.add(futures);
        }
        p.commitTransaction();
        List<ConsistencyToken> tokens = new ArrayList<>(live.size());
        for (List<Future<RecordMetadata>> futures : sent) {
          tokens.add(tokenOf(futures));
        }
        for (int i = 0; i < live.size(); i++) {
          live.get(i).done.complete(tokens.get(i));
        }
      } catch (KafkaException | IllegalStateException | ExecutionException | InterruptedException e) {
        LOG.warn("Could not commit {} appends to the statement log: {}", live.size(), e.toString());
        transactor.abort();
        live.forEach(a -> a.fail(new LogUnavailableException("The broker did not acknowledge the write", e)));
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private void close() throws InterruptedException {
      // A broker that does not answer would hold a stop for the admin client's or producer's
      // timeout, for producers no write needs any more.
      synchronized (this) {
        if (preparing) {
          thread.interrupt();
        }
      }
      thread.join(ackTimeout.toMillis() + 5_000);
      for (Transactor transactor : transactors) {
        transactor.close();
      }
    }
  }

  /** A transactional producer, made when its writer starts (or, if it could not be then, on first use) and again after a failure. */
  private final class Transactor {

    private final Properties producerConfig;
    private KafkaProducer<String, StatementEvent> producer;

    Transactor(Properties producerConfig) {
      this.producerConfig = producerConfig;
    }

    private KafkaProducer<String, StatementEvent> producer() {
      // The topics before the first write, also for a producer made at the start (which needs only
      // the broker, and the broker may have come up before its topics were made).
      ensureTopics();
      prepare();
      return producer;
    }

    /** Makes the producer if there is none, without the topics: initTransactions needs only the broker. */
    private void prepare() {
      if (producer != null) {
        return;
      }
      KafkaProducer<String, StatementEvent> created = new KafkaProducer<>(producerConfig,
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

    private void close() {
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
      }
    }
  }

  /**
   * Creates the contract's missing topics before the first write, on a writer thread and
   * bounded by the ack timeout: an unreachable broker is then a 503 for that write, not a bean
   * that fails to build (a 500) after the admin client's default minute. Tried again with the
   * next write until it succeeds; writers starting together may each try (a topic another
   * created meanwhile counts as created).
   */
  private void ensureTopics() {
    if (topicsEnsured) {
      return;
    }
    Topics.createMissing(admin, partitions, replicationFactor, ackTimeout.toMillis());
    topicsEnsured = true;
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
    for (Writer writer : writers) {
      writer.close();
    }
    // Only an append that raced with the stop can be left: answer it rather than leave it hanging.
    for (Append left = queue.poll(); left != null; left = queue.poll()) {
      left.fail(new LogUnavailableException("ingest-service is shutting down", null));
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
