package io.stancewatch.ingest.input;

import io.stancewatch.problem.Violation;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The per-field rules of contract section 2, shared by statements and retractions, each adding
 * its violation to a list so that every wrong field of a request is reported at once. Plain code
 * rather than Bean Validation annotations: running the validator on each statement of a batch
 * was measured to cost a large share of the batch. The messages are the ones the validator
 * wrote before, so answers read as they always have.
 */
public final class FieldRules {

  private static final Pattern SLUG = Pattern.compile(FieldLimits.SLUG);
  private static final Pattern STATEMENT_ID = Pattern.compile(FieldLimits.STATEMENT_ID);

  private FieldRules() {}

  public static void required(List<Violation> violations, String field, Object value) {
    if (value == null) {
      violations.add(new Violation(field, "must not be null"));
    }
  }

  /** At most {@code max} chars (UTF-16 units, as Java and JSON Schema's maxLength count them). */
  public static void maxLength(List<Violation> violations, String field, String value, int max) {
    if (value != null && value.length() > max) {
      violations.add(new Violation(field, "size must be between 0 and " + max));
    }
  }

  /** A slug of at most {@code max} chars: both violations are reported when both are broken. */
  public static void slug(List<Violation> violations, String field, String value, int max) {
    maxLength(violations, field, value, max);
    if (value != null && !SLUG.matcher(value).matches()) {
      violations.add(new Violation(field, FieldLimits.SLUG_MESSAGE));
    }
  }

  public static void statementId(List<Violation> violations, String field, String value) {
    if (value != null && !STATEMENT_ID.matcher(value).matches()) {
      violations.add(new Violation(field, FieldLimits.STATEMENT_ID_MESSAGE));
    }
  }

  public static void zeroToOne(List<Violation> violations, String field, Double value) {
    if (value != null && value < 0) {
      violations.add(new Violation(field, "must be greater than or equal to 0"));
    }
    if (value != null && value > 1) {
      violations.add(new Violation(field, "must be less than or equal to 1"));
    }
  }
}
