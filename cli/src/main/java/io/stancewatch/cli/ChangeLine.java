package io.stancewatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stancewatch.events.StanceChanged;
import java.time.Instant;

/**
 * A stance change as one line of the contract's {@code Change} JSON: the same fields, in the
 * same order and formats, as query-service's {@code /changes} (RFC 3339 UTC, nulls present).
 */
final class ChangeLine {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChangeLine() {}

  static String of(StanceChanged change) {
    ObjectNode line = JSON.createObjectNode()
        .put("actor", change.getActor())
        .put("topic", change.getTopic())
        .put("previousStance", name(change.getPreviousStance()))
        .put("newStance", name(change.getNewStance()))
        .put("previousPosition", change.getPreviousPosition())
        .put("newPosition", change.getNewPosition())
        .put("causeStatementId", change.getCauseStatementId())
        .put("cause", name(change.getCause()))
        .put("occurredAt", rfc3339(change.getOccurredAt()))
        .put("detectedAt", rfc3339(change.getDetectedAt()))
        .put("sequence", change.getSequence())
        .put("via", change.getVia());
    return line.toString();
  }

  private static String name(Enum<?> value) {
    return value == null ? null : value.name();
  }

  /** {@link Instant#toString()} is ISO-8601 in UTC with a {@code Z}, as Jackson writes an Instant. */
  private static String rfc3339(Instant instant) {
    return instant.toString();
  }
}
