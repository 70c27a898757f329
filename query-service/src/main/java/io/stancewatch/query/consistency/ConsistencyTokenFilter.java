package io.stancewatch.query.consistency;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.stancewatch.problem.Problem;
import io.stancewatch.problem.ProblemException;
import io.stancewatch.schemas.ConsistencyToken;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Contract section 5: any GET with {@code consistencyToken} answers only once the views
 * include that write, after at most the configured wait (5 s), else 504. The request is
 * parked, not a thread.
 *
 * <p>A filter method rather than a reactive filter: most requests carry no token, and a
 * completed future lets them through without wrapping the rest of the chain in a publisher.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ConsistencyTokenFilter {

  static final String PARAMETER = "consistencyToken";

  private final ReadYourWrites readYourWrites;
  private final Duration maxWait;

  public ConsistencyTokenFilter(ReadYourWrites readYourWrites,
      @Property(name = "stancewatch.consistency.max-wait") Duration maxWait) {
    this.readYourWrites = readYourWrites;
    this.maxWait = maxWait;
  }

  /**
   * Completes with the request to let it through, or fails with the problem to answer instead.
   * (Completing later with null, "no change", ends the request with a 503 in Micronaut 4.10.)
   */
  @RequestFilter
  public CompletableFuture<HttpRequest<?>> awaitToken(HttpRequest<?> request) {
    String raw = request.getParameters().get(PARAMETER);
    if (raw == null) {
      return CompletableFuture.completedFuture(request);
    }
    ConsistencyToken token;
    try {
      token = ConsistencyToken.decode(raw);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(
          ProblemException.invalid(PARAMETER, "must be a consistencyToken returned by the ingest service"));
    }
    // The timeout completes the waiter's own future, so the reader drops a waiter that gave up.
    return readYourWrites.await(token)
        .orTimeout(maxWait.toMillis(), TimeUnit.MILLISECONDS)
        .handle((included, timedOut) -> {
          if (timedOut != null) {
            throw new ProblemException(Problem.of(HttpStatus.GATEWAY_TIMEOUT,
                "The views did not include this write within " + maxWait.toSeconds() + " s; retry later"));
          }
          return request;
        });
  }
}
