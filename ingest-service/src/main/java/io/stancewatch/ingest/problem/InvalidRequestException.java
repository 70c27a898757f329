package io.stancewatch.ingest.problem;

import java.util.List;

/** Input that breaks the contract's rules; answered with 400 and its violations. */
public final class InvalidRequestException extends RuntimeException {

  private final transient List<Violation> violations;

  public InvalidRequestException(String detail, List<Violation> violations) {
    super(detail, null, false, false);
    this.violations = List.copyOf(violations);
  }

  /** The detail of a 400 whose violations say what to fix in the {@code item}s sent. */
  public static String detailFor(String item) {
    return "Invalid " + item + ": see violations";
  }

  public List<Violation> violations() {
    return violations;
  }
}
