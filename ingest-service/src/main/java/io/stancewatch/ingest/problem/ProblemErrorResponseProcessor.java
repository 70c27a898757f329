package io.stancewatch.ingest.problem;

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
 * parameters) as problem+json too, so clients parse one error format.
 */
@Singleton
@Primary
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

  @Override
  public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
    HttpStatus status = response.status();
    List<Violation> violations = context.getErrors().stream()
        .filter(e -> e.getPath().isPresent())
        .map(e -> new Violation(e.getPath().get(), e.getMessage()))
        .toList();
    // A server error's message names internal classes and beans: the log has it, the client gets the status.
    String detail = status.getCode() >= 500 ? status.getReason()
        : context.getErrors().stream().map(Error::getMessage).findFirst().orElse(status.getReason());
    Problem problem = new Problem("about:blank", status.getReason(), status.getCode(), detail,
        violations.isEmpty() ? null : violations, null);
    return response.contentType(Problem.MEDIA_TYPE).body(problem);
  }
}
