package io.stancewatch.ingest.input;

import io.stancewatch.ingest.problem.Violation;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The field rules that the request records declare with Bean Validation annotations, checked in
 * plain code with the same messages: running the validator per statement cost a third of a
 * batch's time. The annotations stay on the records, where the OpenAPI spec reads them.
 */
public final class FieldRules {

  private static final Pattern SLUG = Pattern.compile(Slugs.SLUG);
  private static final Pattern STATEMENT_ID = Pattern.compile(Slugs.STATEMENT_ID);

  private FieldRules() {}

  /** {@code @NotNull}. */
  public static void required(List<Violation> violations, String field, Object value) {
    if (value == null) {
      violations.add(new Violation(field, "must not be null"));
    }
  }

  /** {@code @Size(max = max)}, counted in chars. */
  public static void maxLength(List<Violation> violations, String field, String value, int max) {
    if (value != null && value.length() > max) {
      violations.add(new Violation(field, "size must be between 0 and " + max));
    }
  }

  /** {@code @Size(max = max) @Pattern(regexp = Slugs.SLUG)}: both are reported when both are broken. */
  public static void slug(List<Violation> violations, String field, String value, int max) {
    maxLength(violations, field, value, max);
    if (value != null && !SLUG.matcher(value).matches()) {
      violations.add(new Violation(field, Slugs.SLUG_MESSAGE));
    }
  }

  /** {@code @Pattern(regexp = Slugs.STATEMENT_ID)}. */
  public static void statementId(List<Violation> violations, String field, String value) {
    if (value != null && !STATEMENT_ID.matcher(value).matches()) {
      violations.add(new Violation(field, Slugs.STATEMENT_ID_MESSAGE));
    }
  }

  /** {@code @DecimalMin("0") @DecimalMax("1")}. */
  public static void zeroToOne(List<Violation> violations, String field, Double value) {
    if (value != null && value < 0) {
      violations.add(new Violation(field, "must be greater than or equal to 0"));
    }
    if (value != null && value > 1) {
      violations.add(new Violation(field, "must be less than or equal to 1"));
    }
  }
}
