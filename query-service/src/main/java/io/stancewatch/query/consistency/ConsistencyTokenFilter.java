package io.stancewatch.query.consistency;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.stancewatch.query.problem.Problem;
import io.stancewatch.schemas.ConsistencyToken;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * Contract section 5: any GET with {@code consistencyToken} answers only once the views
 * include that write, after at most the configured wait (5 s), else 504. The request is
 * parked, not a thread.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class ConsistencyTokenFilter implements HttpServerFilter {

  static final String PARAMETER = "consistencyToken";

  private final ReadYourWrites readYourWrites;
  private final Duration maxWait;

  public ConsistencyTokenFilter(ReadYourWrites readYourWrites,
      @Property(name = "stancewatch.consistency.max-wait") Duration maxWait) {
    this.readYourWrites = readYourWrites;
    this.maxWait = maxWait;
  }

  @Override
  public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
    String raw = request.getParameters().get(PARAMETER);
    if (raw == null) {
      return chain.proceed(request);
    }
    ConsistencyToken token;
    try {
      token = ConsistencyToken.decode(raw);
    } catch (IllegalArgumentException e) {
      return Mono.just(Problem.invalid(PARAMETER, "must be a consistencyToken returned by the ingest service").toResponse());
    }
    return Mono.fromFuture(readYourWrites.await(token)
            .thenApply(included -> true)
            .orTimeout(maxWait.toMillis(), TimeUnit.MILLISECONDS)
            .exceptionally(timedOut -> false))
        .flatMap(included -> included ? Mono.from(chain.proceed(request))
            : Mono.just(Problem.of(HttpStatus.GATEWAY_TIMEOUT,
                "The views did not include this write within " + maxWait.toSeconds() + " s; retry later").toResponse()));
  }
}
