package io.stancewatch.stance.streams;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/**
 * UP only while the fold runs: micronaut-kafka's {@code kafkaStreams} check also counts a
 * rebalance as UP, and its {@code kafka} check says whether the broker answers (Kafka Streams
 * rides out a lost broker in RUNNING). The details count the records of the log this instance
 * set aside to the dead-letter topic, with the last reason: the fold goes on past them, so they
 * are said here and on {@code /prometheus} rather than by going DOWN.
 */
@Singleton
class FoldHealthIndicator implements HealthIndicator {

  private final KafkaStreams streams;
  private final FoldMeters meters;

  FoldHealthIndicator(@Named("default") KafkaStreams streams, FoldMeters meters) {
    this.streams = streams;
    this.meters = meters;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    KafkaStreams.State state = streams.state();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("state", state.name());
    details.put("deadLetters", meters.setAside());
    if (meters.lastSetAside() != null) {
      details.put("lastDeadLetter", meters.lastSetAside());
    }
    HealthStatus status = state == KafkaStreams.State.RUNNING ? HealthStatus.UP : HealthStatus.DOWN;
    return Publishers.just(HealthResult.builder("fold", status).details(details).build());
  }
}
