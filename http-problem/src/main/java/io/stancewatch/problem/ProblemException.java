package io.stancewatch.problem;

import io.micronaut.http.HttpStatus;
import java.util.List;

/**
 * Ends a request with a problem answer, rendered by {@link ProblemExceptionHandler}: an unknown
 * name, an invalid parameter, invalid input. Its detail is written for the client.
 */
public class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    // No stack trace: this is an answer, not a fault, and invalid input can come at request rate.
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(Problem.of(HttpStatus.NOT_FOUND, detail));
  }

  /** A request parameter or header that does not read: 400 naming it. */
  public static ProblemException invalid(String parameter, String message) {
    return new ProblemException(Problem.invalid("Invalid parameter " + parameter,
        List.of(new Violation(parameter, message))));
  }

  public Problem problem() {
    return problem;
  }
}
