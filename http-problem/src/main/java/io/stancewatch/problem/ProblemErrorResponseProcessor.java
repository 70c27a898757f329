package io.stancewatch.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Renders the framework's own errors (unknown route, wrong method, 413, 415, unbindable
 * parameters, an exception nothing handled) as problem+json too, so clients parse one error format.
 */
@Singleton
@Primary
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

  /** The whole detail of every server error. */
  public static final String SERVER_ERROR_DETAIL = "The service failed to answer this request; the cause is in its log.";

  @Override
  public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
    HttpStatus status = response.status();
    // A server error's messages name internal classes, beans and data: the log has them, the client gets none.
    if (status.getCode() >= 500) {
      return response.contentType(Problem.MEDIA_TYPE).body(Problem.of(status, SERVER_ERROR_DETAIL));
    }
    List<Violation> violations = context.getErrors().stream()
        .filter(e -> e.getPath().isPresent())
        .map(e -> new Violation(e.getPath().get(), e.getMessage()))
        .toList();
    String detail = context.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason());
    Problem problem = new Problem(Problem.NO_TYPE, status.getReason(), status.getCode(), detail,
        violations.isEmpty() ? null : violations, null);
    return response.contentType(Problem.MEDIA_TYPE).body(problem);
  }
}
