package io.stancewatch.ingest.problem;

import io.stancewatch.problem.Problem;
import io.stancewatch.problem.ProblemException;
import io.stancewatch.problem.Violation;
import java.util.List;

/** Input that breaks the contract's rules; answered with 400 and its violations, before anything is published. */
public final class InvalidRequestException extends ProblemException {

  public InvalidRequestException(String detail, List<Violation> violations) {
    super(Problem.invalid(detail, List.copyOf(violations)));
  }

  /** The detail of a 400 whose violations say what to fix in the {@code item}s sent. */
  public static String detailFor(String item) {
    return "Invalid " + item + ": see violations";
  }

  public List<Violation> violations() {
    return problem().violations();
  }
}
