package io.stancewatch.stance.streams;

import io.micronaut.configuration.kafka.streams.ConfiguredStreamBuilder;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.stancewatch.stance.fold.StanceTopology;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
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
      @Property(name = "stancewatch.fold.max-statement-bytes") int maxStatementBytes) {
    return StanceTopology.addTo(builder, meters, maxStatementBytes);
  }
}
