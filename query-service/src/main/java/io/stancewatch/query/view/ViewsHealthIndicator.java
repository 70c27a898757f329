package io.stancewatch.query.view;

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
import org.reactivestreams.Publisher;

/**
 * UP once the views have caught up with the stance topics and while the broker answers; DOWN
 * before, if the reader stopped, and while the broker is lost (the reader then just reads
 * nothing, so the views silently fall behind).
 */
@Singleton
public class ViewsHealthIndicator implements HealthIndicator {

  private final StanceTopicsReader reader;
  private final BrokerProbe broker;

  public ViewsHealthIndicator(StanceTopicsReader reader, @Property(name = "kafka.bootstrap.servers") String bootstrapServers,
      @Property(name = "stancewatch.health.broker-timeout") Duration brokerTimeout) {
    this.reader = reader;
    this.broker = new BrokerProbe(bootstrapServers, brokerTimeout);
  }

  @Override
  public Publisher<HealthResult> getResult() {
    Throwable failure = reader.failure();
    boolean caughtUp = reader.caughtUp();
    return Publishers.fromCompletableFuture(broker.problem().thenApply(problem -> {
      Map<String, Object> details = new LinkedHashMap<>();
      if (failure != null) {
        details.put("error", String.valueOf(failure));
      } else {
        details.put("caughtUp", caughtUp);
      }
      problem.ifPresent(p -> details.put("broker", p));
      HealthStatus status = failure == null && caughtUp && problem.isEmpty() ? HealthStatus.UP : HealthStatus.DOWN;
      return HealthResult.builder("stance-views", status).details(details).build();
    }).toCompletableFuture());
  }

  @PreDestroy
  void close() {
    broker.close();
  }
}
