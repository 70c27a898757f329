package io.stancewatch.ingest.input;

import io.stancewatch.problem.Violation;
import java.util.List;

/** NUL characters are valid JSON but poison for the tools that read the log downstream. */
public final class NoNul {

  private NoNul() {}

  public static void check(List<Violation> violations, String field, String value) {
    if (value != null && value.indexOf('\0') >= 0) {
      violations.add(new Violation(field, "must not contain NUL characters"));
    }
  }
}
