package io.stancewatch.domain;

import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.Stance;
import java.time.Instant;

/** The current stance label of (actor, topic) changed; stances are null where there is none. */
public record StanceChange(
    String actor,
    String topic,
    Stance previousStance,
    Stance newStance,
    Double previousPosition,
    Double newPosition,
    String causeStatementId,
    ChangeCause cause,
    Instant occurredAt,
    Instant detectedAt,
    long sequence,
    String via) {}
