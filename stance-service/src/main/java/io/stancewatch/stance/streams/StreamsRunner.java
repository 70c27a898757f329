package io.stancewatch.stance.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.convert.format.MapFormat;
import io.micronaut.core.naming.conventions.StringConvention;
import io.stancewatch.schemas.TopicProvisioner;
import io.stancewatch.stance.fold.StanceTopology;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stance topology for the life of the application: makes sure the contract's
 * topics exist, starts Kafka Streams with the {@code stancewatch.streams.*} configuration,
 * and closes it on shutdown so the last transaction commits and the state is checkpointed.
 * Its admin client stays open for the fold's lag gauges, which read the log's ends.
 */
@Context
public class StreamsRunner {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsRunner.class);

  private final KafkaStreams streams;
  private final Admin admin;

  public StreamsRunner(
      @Property(name = "kafka.bootstrap.servers") String bootstrapServers,
      @Property(name = "stancewatch.topics.partitions") int partitions,
      @Property(name = "stancewatch.topics.replication-factor") short replicationFactor,
      @Property(name = "stancewatch.fold.max-statement-bytes") int maxStatementBytes,
      FoldMeters foldMeters, MeterRegistry registry,
      @Property(name = "stancewatch.streams") @MapFormat(transformation = MapFormat.MapTransformation.FLAT,
          keyFormat = StringConvention.RAW) Map<String, Object> streamsConfig) {
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    TopicProvisioner.ensureTopics(admin, partitions, replicationFactor, 60_000);
    Properties props = new Properties();
    props.putAll(streamsConfig);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    streams = new KafkaStreams(StanceTopology.build(foldMeters, maxStatementBytes), props);
    foldMeters.watchLag(streams, admin, String.valueOf(props.get(StreamsConfig.APPLICATION_ID_CONFIG)), partitions);
    // Kafka Streams' own metrics (kafka_stream_thread_commit_latency_avg, _process_ratio, ...):
    // where the stream threads' time goes when the fold falls behind.
    new KafkaStreamsMetrics(streams).bindTo(registry);
    streams.setStateListener((now, before) -> LOG.info("Kafka Streams {} -> {}", before, now));
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  @PreDestroy
  void close() {
    streams.close(Duration.ofSeconds(30));
    admin.close(Duration.ofSeconds(5));
  }
}
