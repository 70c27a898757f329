package io.stancewatch.cli;

import io.stancewatch.events.StanceChanged;
import io.stancewatch.schemas.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Prints the changes of {@code stancewatch.stance-changes} that match the options, one JSON
 * line each, until {@link #stop()}. A viewer, not a worker: it joins no consumer group and
 * commits nothing, so any number of tails run side by side and none of them moves another
 * consumer's offsets. Partitions added after it started are not followed.
 */
final class ChangeTail {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final KafkaConsumer<byte[], byte[]> consumer;
  // Decoded here rather than by the consumer, so a bad value is skipped with its position instead of failing poll().
  private final Deserializer<StanceChanged> values = Topics.STANCE_CHANGES.valueSerde().deserializer();
  private final TailOptions options;
  private final PrintStream out;
  private final PrintStream err;
  private final CountDownLatch closed = new CountDownLatch(1);

  private ChangeTail(KafkaConsumer<byte[], byte[]> consumer, TailOptions options, PrintStream out, PrintStream err) {
    this.consumer = consumer;
    this.options = options;
    this.out = out;
    this.err = err;
  }

  /**
   * Connects and fixes the starting offsets now, so "from the end" means the end when the
   * command started, not when the first poll happens to resolve it.
   */
  static ChangeTail open(TailOptions options, PrintStream out, PrintStream err) {
    KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers(),
        ConsumerConfig.CLIENT_ID_CONFIG, "stancewatch-tail",
        // The contract's promise: records of aborted transactions never reach a reader.
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        // Looking the topic up must not create it with the broker's defaults instead of the contract's policy.
        ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
        new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.STANCE_CHANGES.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      if (partitions.isEmpty()) {
        throw new UnknownTopicOrPartitionException(
            "no topic " + Topics.STANCE_CHANGES.name() + " (the services create it when they first start)");
      }
      consumer.assign(partitions);
      if (options.fromBeginning()) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      partitions.forEach(consumer::position);
      return new ChangeTail(consumer, options, out, err);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** Polls and prints until {@link #stop()}, then closes the consumer. */
  void run() {
    try {
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          print(record);
        }
      }
    } catch (WakeupException stopped) {
      // stop() was called: the normal way out.
    } finally {
      consumer.close(CLOSE_TIMEOUT);
      closed.countDown();
    }
  }

  /** Ends {@link #run()} from another thread (a shutdown hook, say) and waits until the consumer is closed. */
  void stop() throws InterruptedException {
    consumer.wakeup();
    closed.await(CLOSE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
  }

  private void print(ConsumerRecord<byte[], byte[]> record) {
    StanceChanged change;
    try {
      change = values.deserialize(record.topic(), record.value());
      if (change == null) {
        throw new SerializationException("the record has no value");
      }
    } catch (SerializationException e) {
      // One bad record must not end the tail: say where it is, so it can be inspected, and go on.
      err.printf("tail: skipped an undecodable record at partition %d offset %d: %s%n",
          record.partition(), record.offset(), e.getMessage());
      return;
    }
    if (options.matches(change)) {
      out.println(ChangeLine.of(change));
      out.flush();
    }
  }
}
