package io.stancewatch.problem;

import io.swagger.v3.oas.annotations.media.Schema;

/** One reason a request was rejected: a field or parameter and what is wrong with it. */
@Schema(description = "One reason a request was rejected: the JSON field or request parameter (for batch items"
    + " `[3].stance`) and what is wrong.")
public record Violation(String field, String message) {

  /** This violation as one of the item at {@code index} of a JSON array. */
  public Violation atIndex(int index) {
    return new Violation(field.isEmpty() ? "[" + index + "]" : "[" + index + "]." + field, message);
  }
}
