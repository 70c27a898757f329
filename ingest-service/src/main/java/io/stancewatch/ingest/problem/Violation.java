package io.stancewatch.ingest.problem;

/** One reason a request was rejected: the JSON field (for batch items {@code [3].stance}) and what is wrong. */
public record Violation(String field, String message) {

  public Violation atIndex(int index) {
    return new Violation(field.isEmpty() ? "[" + index + "]" : "[" + index + "]." + field, message);
  }
}
