package io.stancewatch.query.view;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/** UP once the views have caught up with the stance topics; DOWN before, and if the reader stopped. */
@Singleton
public class ViewsHealthIndicator implements HealthIndicator {

  private final StanceTopicsReader reader;

  public ViewsHealthIndicator(StanceTopicsReader reader) {
    this.reader = reader;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    boolean failed = reader.failure() != null;
    HealthStatus status = !failed && reader.caughtUp() ? HealthStatus.UP : HealthStatus.DOWN;
    Map<String, Object> details = failed ? Map.of("error", String.valueOf(reader.failure()))
        : Map.of("caughtUp", reader.caughtUp());
    return Publishers.just(HealthResult.builder("stance-views", status).details(details).build());
  }
}
