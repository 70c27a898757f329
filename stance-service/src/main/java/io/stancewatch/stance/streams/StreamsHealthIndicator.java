package io.stancewatch.stance.streams;

import io.micronaut.health.HealthStatus;
import org.apache.kafka.streams.KafkaStreams;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;

/** UP only while Kafka Streams is RUNNING: restoring, rebalancing or failed streams answer DOWN. */
@Singleton
public class StreamsHealthIndicator implements HealthIndicator {

  private final StreamsRunner runner;

  public StreamsHealthIndicator(StreamsRunner runner) {
    this.runner = runner;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    var state = runner.state();
    HealthStatus status = state == KafkaStreams.State.RUNNING ? HealthStatus.UP : HealthStatus.DOWN;
    return Publishers.just(HealthResult.builder("kafka-streams", status).details(Map.of("state", state.name())).build());
  }
}
