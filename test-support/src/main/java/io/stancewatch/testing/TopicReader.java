package io.stancewatch.testing;

import io.stancewatch.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic from the beginning with a plain consumer, as an outside subscriber would. */
public final class TopicReader {

  private TopicReader() {}

  /** Polls with read_committed until {@code done} accepts what was read, or the timeout ends. */
  public static <K, V> List<ConsumerRecord<K, V>> readUntil(String bootstrapServers, Topic<K, V> topic,
      Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config,
        topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<ConsumerRecord<K, V>> read = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(read) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
      return read;
    }
  }

  /** Everything committed to the topic right now, read_committed, in partition order. */
  public static <K, V> List<ConsumerRecord<K, V>> readAll(String bootstrapServers, Topic<K, V> topic, Duration timeout) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(config,
        topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<K, V>> read = new ArrayList<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic.name() + " to its end within " + timeout);
        }
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
      return read;
    }
  }

  /** Sum of the end offsets of every partition: how many records a topic holds, read_uncommitted. */
  public static long endOffsetSum(String bootstrapServers, Topic<?, ?> topic) {
    return endOffsets(bootstrapServers, topic).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Each partition's end offset now, read_uncommitted: where records written from now on start. */
  public static Map<Integer, Long> endOffsets(String bootstrapServers, Topic<?, ?> topic) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config,
        new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      Map<Integer, Long> ends = new HashMap<>();
      consumer.endOffsets(partitions).forEach((partition, end) -> ends.put(partition.partition(), end));
      return ends;
    }
  }
}
