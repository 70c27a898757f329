package io.stancewatch.query.api;

import io.stancewatch.events.Stance;
import io.stancewatch.problem.ProblemException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;

/** Query parameters parsed here rather than bound, so a bad one is a 400 naming it. */
final class Parameters {

  private Parameters() {}

  /** An RFC 3339 instant with an offset, or {@code fallback} when absent. */
  static Instant instant(String name, String value, Instant fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid(name, "must be an RFC 3339 date-time with an offset, like 2025-02-12T15:00:00Z");
    }
  }

  static Stance stance(String name, String value) {
    try {
      return value == null ? null : Stance.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid(name, "must be one of " + Arrays.toString(Stance.values()));
    }
  }

  static int limit(String name, String value, int fallback, int max) {
    if (value == null) {
      return fallback;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Reported below, like a number out of range.
    }
    throw ProblemException.invalid(name, "must be a whole number from 1 to " + max);
  }
}
