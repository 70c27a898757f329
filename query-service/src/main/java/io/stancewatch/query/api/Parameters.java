package io.stancewatch.query.api;

import io.stancewatch.events.Stance;
import io.stancewatch.problem.ProblemException;
import io.stancewatch.query.view.ActorOrder;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Query parameters parsed here rather than bound, so a bad one is a 400 naming it. */
final class Parameters {

  /** What {@code sort} means, on {@code /stances} and {@code /actors}: the {@link #order} values. */
  static final String SORT_DESCRIPTION = "The order of the actors: `actor` by slug; `name` by display name ignoring case (an actor"
      + " without one by its slug), then slug; `kind` by kind (GOVERNMENT, ORGANIZATION, OTHER, PERSON; none last),"
      + " then as `name`; `bloc` grouped by bloc slug, each bloc first in its own group and the rest as `name`,"
      + " actors with no bloc after every group. A cursor is only read with the `sort` it was made with";

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

  /** An {@link ActorOrder} by its name in lower case ({@code sort=name}), or by slug when absent. */
  static ActorOrder order(String name, String value) {
    if (value == null) {
      return ActorOrder.ACTOR;
    }
    for (ActorOrder order : ActorOrder.values()) {
      if (sortValue(order).equals(value)) {
        return order;
      }
    }
    throw ProblemException.invalid(name, "must be one of "
        + Stream.of(ActorOrder.values()).map(Parameters::sortValue).collect(Collectors.joining(", ")));
  }

  /** How {@code sort} names the order. */
  static String sortValue(ActorOrder order) {
    return order.name().toLowerCase(Locale.ROOT);
  }
}
