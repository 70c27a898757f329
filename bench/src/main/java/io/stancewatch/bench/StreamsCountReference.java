package io.stancewatch.bench;

import io.stancewatch.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The reference for the fold's catch-up: the least a stateful Kafka Streams application can do
 * with the statement log, counting its records per key, configured as stance-service's fold is
 * where that decides the cost of a record (exactly_once_v2, a persistent RocksDB store, 2 stream
 * threads, a commit every 50 ms); Kafka Streams' defaults otherwise. Keys and values stay bytes,
 * so it decodes nothing. It runs inside the bench's JVM against the same broker and backlog.
 */
final class StreamsCountReference implements AutoCloseable {

  static final String APPLICATION_ID = "bench-streams-count";

  private final KafkaStreams streams;
  private final long startedNanos = System.nanoTime();

  /** Starts the application with an empty state folder. */
  StreamsCountReference(String bootstrapServers, Path stateDir) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 50);
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    streams = new KafkaStreams(topology(), props);
    streams.start();
  }

  /** Statements per actor key: read the log, group by its key as it is, count into a RocksDB store. */
  static Topology topology() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(Topics.STATEMENTS.name(), Consumed.with(Serdes.Bytes(), Serdes.ByteArray()).withName("statements"))
        .groupByKey(Grouped.with(Serdes.Bytes(), Serdes.ByteArray()))
        .count(Named.as("count"), Materialized.<Bytes, Long, KeyValueStore<Bytes, byte[]>>as("statements-per-key")
            .withKeySerde(Serdes.Bytes()).withValueSerde(Serdes.Long()));
    return builder.build();
  }

  /** Whether every stream thread is processing (Kafka Streams' RUNNING), as stance-service's /health reports it. */
  boolean running() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** Throws when the application has stopped on an error. */
  void checkAlive() {
    KafkaStreams.State state = streams.state();
    if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR) {
      throw new IllegalStateException(APPLICATION_ID + " stopped: " + state + " (see the bench's output)");
    }
  }

  double secondsSinceStart() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
