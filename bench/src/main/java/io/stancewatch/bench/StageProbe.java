package io.stancewatch.bench;

import io.stancewatch.events.Retraction;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Where a freshness statement's time goes on its way to the query API: a read_committed
 * consumer of its own, started at the topics' ends, notes when each statement id is first
 * readable in the statement log and as the cause of a change. With the 202 and the change
 * stream's arrival, that splits the latency into the ingest's commit, the fold, and the
 * query-service's delivery. The other outputs (stances, stance history, actor profiles) are
 * left alone: under exactly-once they commit in the changes' transaction, and decoding them
 * here would take the CPU the services are measured on.
 */
final class StageProbe implements AutoCloseable {

  enum Stage { LOG, CHANGE }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;
  private final Map<Stage, Map<String, Long>> seen = Map.of(Stage.LOG, new ConcurrentHashMap<>(),
      Stage.CHANGE, new ConcurrentHashMap<>());
  private final String idPrefix;

  /** Starts reading at the topics' current ends; only ids starting with {@code idPrefix} are noted. */
  StageProbe(String bootstrapServers, String idPrefix) {
    this.idPrefix = idPrefix;
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.STATEMENTS.name(), Topics.STANCE_CHANGES.name())) {
      consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position);
    this.thread = new Thread(this::run, "stage-probe");
    thread.setDaemon(true);
    thread.start();
  }

  /** When the statement was first seen at that stage (System.nanoTime), or null. */
  Long seen(Stage stage, String statementId) {
    return seen.get(stage).get(statementId);
  }

  private void run() {
    try {
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
          long at = System.nanoTime();
          try {
            note(record, at);
          } catch (SerializationException e) {
            // Not a record of the bench's: nothing to time.
          }
        }
      }
    } catch (WakeupException e) {
      // Closed.
    } finally {
      consumer.close();
    }
  }

  private void note(ConsumerRecord<byte[], byte[]> record, long at) {
    if (record.value() == null) {
      return;
    }
    String topic = record.topic();
    if (topic.equals(Topics.STATEMENTS.name())) {
      StatementEvent event = Topics.STATEMENTS.valueSerde().deserializer().deserialize(topic, record.value());
      String id = event.getPayload() instanceof Statement s ? s.getStatementId()
          : ((Retraction) event.getPayload()).getStatementId();
      mark(Stage.LOG, id, at);
    } else {
      mark(Stage.CHANGE, Topics.STANCE_CHANGES.valueSerde().deserializer().deserialize(topic, record.value())
          .getCauseStatementId(), at);
    }
  }

  private void mark(Stage stage, String statementId, long at) {
    if (statementId.startsWith(idPrefix)) {
      seen.get(stage).putIfAbsent(statementId, at);
    }
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(5_000);
  }
}
