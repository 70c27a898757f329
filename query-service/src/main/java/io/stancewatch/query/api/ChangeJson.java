package io.stancewatch.query.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.stancewatch.events.ChangeCause;
import io.swagger.v3.oas.annotations.media.Schema;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import java.time.Instant;

/** The contract's {@code Change}, as read from {@code stancewatch.stance-changes}. */
@Introspected
public record ChangeJson(String actor, String topic, @Nullable @Schema(type = "string") Stance previousStance,
    @Nullable @Schema(type = "string") Stance newStance,
    @Nullable Double previousPosition, @Nullable Double newPosition, String causeStatementId, ChangeCause cause,
    Instant occurredAt, Instant detectedAt, long sequence, @Nullable String via) {

  static ChangeJson of(StanceChanged c) {
    return new ChangeJson(c.getActor(), c.getTopic(), c.getPreviousStance(), c.getNewStance(),
        c.getPreviousPosition(), c.getNewPosition(), c.getCauseStatementId(), c.getCause(), c.getOccurredAt(),
        c.getDetectedAt(), c.getSequence(), c.getVia());
  }
}
