package io.stancewatch.stance.streams;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.stancewatch.schemas.BrokerProbe;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.reactivestreams.Publisher;

/**
 * UP only while Kafka Streams is RUNNING and the broker answers: restoring, rebalancing or
 * failed streams answer DOWN, and so does a lost broker, which Kafka Streams itself rides out
 * in RUNNING without folding anything. The details count the records of the log this
 * instance sent to the dead-letter topic instead of folding them, with the last reason.
 */
@Singleton
public class StreamsHealthIndicator implements HealthIndicator {

  private final StreamsRunner runner;
  private final FoldMeters meters;
  private final BrokerProbe broker;

  public StreamsHealthIndicator(StreamsRunner runner, FoldMeters meters,
      @Property(name = "kafka.bootstrap.servers") String bootstrapServers,
      @Property(name = "stancewatch.health.broker-timeout") Duration brokerTimeout) {
    this.runner = runner;
    this.meters = meters;
    this.broker = new BrokerProbe(bootstrapServers, brokerTimeout);
  }

  @Override
  public Publisher<HealthResult> getResult() {
    KafkaStreams.State state = runner.state();
    return Publishers.fromCompletableFuture(broker.problem().thenApply(problem -> {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("state", state.name());
      problem.ifPresent(p -> details.put("broker", p));
      // Set aside, the fold goes on: said here, and on /prometheus, rather than by going DOWN.
      details.put("deadLetters", meters.setAside());
      if (meters.lastSetAside() != null) {
        details.put("lastDeadLetter", meters.lastSetAside());
      }
      HealthStatus status = state == KafkaStreams.State.RUNNING && problem.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN;
      return HealthResult.builder("kafka-streams", status).details(details).build();
    }).toCompletableFuture());
  }

  @PreDestroy
  void close() {
    broker.close();
  }
}
