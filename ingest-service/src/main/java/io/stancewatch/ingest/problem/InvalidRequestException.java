package io.stancewatch.ingest.problem;

import java.util.List;

/** Input that breaks the contract's rules; answered with 400 and its violations. */
public final class InvalidRequestException extends RuntimeException {

  private final transient List<Violation> violations;

  public InvalidRequestException(String detail, List<Violation> violations) {
    super(detail, null, false, false);
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
