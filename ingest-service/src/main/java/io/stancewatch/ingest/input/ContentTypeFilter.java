package io.stancewatch.ingest.input;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.stancewatch.problem.Problem;

/**
 * A write without a Content-Type is answered 415: Micronaut would route it to the
 * {@code @Consumes(APPLICATION_JSON)} actions as if it were JSON, but the contract takes only a
 * body declared JSON. Runs after the token check, so a caller without the token learns nothing.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class ContentTypeFilter implements Ordered {

  /** Null lets the request through; a response answers it here. */
  @RequestFilter
  @Nullable
  public HttpResponse<Problem> requireContentType(HttpRequest<?> request) {
    if (request.getMethod() != HttpMethod.POST || request.getContentType().isPresent()) {
      return null;
    }
    return Problem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Writes need the header 'Content-Type: application/json'")
        .toResponse();
  }

  @Override
  public int getOrder() {
    return LOWEST_PRECEDENCE;
  }
}
