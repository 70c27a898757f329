package io.stancewatch.stance.streams;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.stancewatch.schemas.Topics;
import io.stancewatch.stance.fold.StanceTopology;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.KStream;

/**
 * The fold as micronaut-kafka-streams' {@code default} stream: the library builds, closes and
 * reports on the Kafka Streams instance ({@code kafka.streams.default.*}, its metrics on
 * {@code /prometheus}, its state on {@code /health}); {@link FoldStart} starts it.
 */
@Factory
class FoldStreams {

  @Singleton
  @Named("default")
  KStream<byte[], byte[]> fold(@Named("default") ConfiguredStreamBuilder builder, FoldMeters meters,
      @Property(name = "stancewatch.fold.max-statement-bytes") int maxStatementBytes,
      @Property(name = "kafka.streams.default.replication.factor") short replicationFactor) {
    // Kafka Streams creates its changelogs itself, with the broker's default min.insync.replicas
    // unless told: the fold's state is kept as safely as the contract's topics, by the same rule.
    builder.getConfiguration().put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
        String.valueOf(Topics.minInsyncReplicas(replicationFactor)));
    return StanceTopology.addTo(builder, meters, maxStatementBytes);
  }
}
