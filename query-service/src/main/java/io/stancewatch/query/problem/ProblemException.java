package io.stancewatch.query.problem;

import io.micronaut.http.HttpStatus;

/** Ends a request with a problem answer: an unknown actor or topic, an invalid parameter. */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(problem.detail(), null, false, false);
    this.problem = problem;
  }

  public static ProblemException notFound(String detail) {
    return new ProblemException(Problem.of(HttpStatus.NOT_FOUND, detail));
  }

  public static ProblemException invalid(String field, String message) {
    return new ProblemException(Problem.invalid(field, message));
  }

  public Problem problem() {
    return problem;
  }
}
