package io.stancewatch.ingest.log;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.stancewatch.schemas.BrokerProbe;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * DOWN while the broker does not answer: every write would then be answered 503. The producer
 * cannot tell by itself: it only fails the next write, and only after its timeouts.
 */
@Singleton
public class StatementLogHealthIndicator implements HealthIndicator {

  private final BrokerProbe broker;

  public StatementLogHealthIndicator(@Property(name = "kafka.bootstrap.servers") String bootstrapServers,
      @Property(name = "stancewatch.health.broker-timeout") Duration brokerTimeout) {
    this.broker = new BrokerProbe(bootstrapServers, brokerTimeout);
  }

  @Override
  public Publisher<HealthResult> getResult() {
    return Publishers.fromCompletableFuture(broker.problem().thenApply(problem -> HealthResult
        .builder("statement-log", problem.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN)
        .details(problem.<Map<String, Object>>map(p -> Map.of("broker", p)).orElse(Map.of("broker", "answering")))
        .build()).toCompletableFuture());
  }

  @PreDestroy
  void close() {
    broker.close();
  }
}
