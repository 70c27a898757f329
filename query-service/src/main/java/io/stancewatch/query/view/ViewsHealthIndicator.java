package io.stancewatch.query.view;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * UP once the views have caught up with the stance topics; DOWN before, and if the feed
 * stopped. A lost broker is micronaut-kafka's {@code kafka} check: the feed then just reads
 * nothing, so the views silently fall behind.
 */
@Singleton
public class ViewsHealthIndicator implements HealthIndicator {

  private final ViewFeed feed;

  public ViewsHealthIndicator(ViewFeed feed) {
    this.feed = feed;
  }

  @Override
  public Publisher<HealthResult> getResult() {
    Throwable failure = feed.failure();
    boolean caughtUp = feed.caughtUp();
    Map<String, Object> details = new LinkedHashMap<>();
    if (failure != null) {
      details.put("error", String.valueOf(failure));
    } else {
      details.put("caughtUp", caughtUp);
    }
    HealthStatus status = failure == null && caughtUp ? HealthStatus.UP : HealthStatus.DOWN;
    return Publishers.just(HealthResult.builder("stance-views", status).details(details).build());
  }
}
