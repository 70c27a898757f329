package io.stancewatch.schemas;

import io.stancewatch.events.ActorProfile;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.events.PairStance;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.StatementEvent;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of contract section 6, declared once: no service spells a name or builds a serde itself. */
public final class Topics {

  private static final Map<String, String> KEEP_FOREVER =
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE, TopicConfig.RETENTION_MS_CONFIG, "-1");

  /** The event log and source of truth: statements and retractions, keyed by the speaker's slug. */
  public static final Topic<String, StatementEvent> STATEMENTS = new Topic<>(
      "stancewatch.statements", Serdes.String(), new AvroSerde<>(StatementEvent.getClassSchema()), KEEP_FOREVER);

  /** Every change of a current stance label, keyed by actor slug. */
  public static final Topic<String, StanceChanged> STANCE_CHANGES = new Topic<>(
      "stancewatch.stance-changes", Serdes.String(), new AvroSerde<>(StanceChanged.getClassSchema()), KEEP_FOREVER);

  private static final Map<String, String> COMPACTED =
      Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);

  /** The current stance of each (actor, topic) pair, keyed {@code <actor>/<topic>}: one bounded record per pair. */
  public static final Topic<String, PairStance> STANCES = new Topic<>(
      "stancewatch.stances", Serdes.String(), new AvroSerde<>(PairStance.getClassSchema()), COMPACTED);

  /** Every statement of every pair, keyed {@code <actor>/<topic>/<statementId>}; republished when retracted. */
  public static final Topic<String, HistoryEntry> STANCE_HISTORY = new Topic<>(
      "stancewatch.stance-history", Serdes.String(), new AvroSerde<>(HistoryEntry.getClassSchema()), COMPACTED);

  /** Each actor's display name and kind, keyed by actor slug. */
  public static final Topic<String, ActorProfile> ACTORS = new Topic<>(
      "stancewatch.actors", Serdes.String(), new AvroSerde<>(ActorProfile.getClassSchema()), COMPACTED);

  /** Records of the statement log that could not be decoded, kept byte for byte. */
  public static final Topic<byte[], byte[]> STATEMENTS_DLQ = new Topic<>(
      "stancewatch.statements.dlq", Serdes.ByteArray(), Serdes.ByteArray(), KEEP_FOREVER);

  public static final List<Topic<?, ?>> ALL = List.of(STATEMENTS, STANCE_CHANGES, STANCES, STANCE_HISTORY, ACTORS, STATEMENTS_DLQ);

  private Topics() {}

  /**
   * The {@code min.insync.replicas} for topics of this replication factor, internal topics of
   * Kafka Streams included. From three replicas, all but one: an acks=all write is then on at
   * least two brokers, and one broker may be down (a rolling restart) without stopping writes.
   * Below three, one, so a one- or two-broker cluster stays writable with a broker down.
   */
  public static int minInsyncReplicas(short replicationFactor) {
    return replicationFactor >= 3 ? replicationFactor - 1 : 1;
  }

  /**
   * Creates the topics of {@link #ALL} that do not exist yet, with their policies and the
   * {@link #minInsyncReplicas} of their replication factor, leaving existing ones as they are.
   * Every service calls it before it reads or writes, so they start in any order against a
   * fresh cluster.
   *
   * @throws IllegalStateException when the cluster did not create them within the timeout
   */
  public static void createMissing(Admin admin, int partitions, short replicationFactor, long timeoutMillis) {
    List<NewTopic> wanted = ALL.stream().map(t -> t.newTopic(partitions, replicationFactor)).toList();
    // The request's own timeout too: a call left pending would hold up the admin client's close.
    CreateTopicsOptions options = new CreateTopicsOptions().timeoutMs(Math.toIntExact(timeoutMillis));
    for (KafkaFuture<Void> created : admin.createTopics(wanted, options).values().values()) {
      try {
        created.get(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("Could not create the Stancewatch topics: " + e.getCause().getMessage(), e.getCause());
        }
      } catch (TimeoutException e) {
        throw new IllegalStateException("Kafka did not create the Stancewatch topics within " + timeoutMillis + " ms", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while creating topics", e);
      }
    }
  }

  /**
   * {@link #createMissing}, tried again until it succeeds: for a service that starts before its
   * cluster answers. Tries are a second apart at least, so a broker that refuses at once is not
   * asked in a tight loop; one that does not answer takes {@code attemptMillis} a try.
   *
   * @param stopped asked before each try: the service is shutting down
   * @param waiting told why each try failed
   * @return true once the topics exist, false when {@code stopped} said so first
   */
  public static boolean createMissingOnceReachable(Admin admin, int partitions, short replicationFactor,
      long attemptMillis, BooleanSupplier stopped, Consumer<String> waiting) throws InterruptedException {
    while (!stopped.getAsBoolean()) {
      long tried = System.nanoTime();
      try {
        createMissing(admin, partitions, replicationFactor, attemptMillis);
        return true;
      } catch (IllegalStateException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException();
        }
        waiting.accept(e.getMessage());
        long rest = 1_000 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tried);
        if (rest > 0) {
          Thread.sleep(rest);
        }
      }
    }
    return false;
  }
}
