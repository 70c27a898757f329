package io.stancewatch.ingest.retractions;

import io.stancewatch.events.Retraction;
import io.stancewatch.ingest.input.FieldLimits;
import io.stancewatch.ingest.input.FieldRules;
import io.stancewatch.ingest.input.NoNul;
import io.stancewatch.ingest.input.StrictJson;
import io.stancewatch.ingest.problem.InvalidRequestException;
import io.stancewatch.problem.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Contract section 2's retraction applied to a bound request, with the per-field rules
 * ({@link FieldRules}) statements use. Every violation is reported at once.
 */
public final class RetractionRules {

  private RetractionRules() {}

  /** The violations of one retraction; empty when it is valid. */
  public static List<Violation> check(RetractionRequest request) {
    List<Violation> violations = new ArrayList<>();
    FieldRules.required(violations, "statementId", request.statementId());
    FieldRules.statementId(violations, "statementId", request.statementId());
    FieldRules.required(violations, "actor", request.actor());
    FieldRules.slug(violations, "actor", request.actor(), FieldLimits.ACTOR_MAX_LENGTH);
    FieldRules.required(violations, "topic", request.topic());
    FieldRules.slug(violations, "topic", request.topic(), FieldLimits.TOPIC_MAX_LENGTH);
    FieldRules.maxLength(violations, "reason", request.reason(), FieldLimits.REASON_MAX_LENGTH);
    NoNul.check(violations, "reason", request.reason());
    return violations;
  }

  /** The Avro retraction for a valid request, or {@link InvalidRequestException} with every violation. */
  public static Retraction toEvent(StrictJson.Bound<RetractionRequest> bound) {
    List<Violation> violations = bound.checkedBy(RetractionRules::check);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(InvalidRequestException.detailFor("retraction"), violations);
    }
    RetractionRequest request = bound.value();
    return Retraction.newBuilder()
        .setStatementId(request.statementId())
        .setActor(request.actor())
        .setTopic(request.topic())
        .setReason(request.reason())
        .build();
  }
}
