package io.stancewatch.ingest.statements;

import static io.stancewatch.ingest.input.FieldLimits.ACTOR_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.ACTOR_NAME_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.QUOTE_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.SLUG;
import static io.stancewatch.ingest.input.FieldLimits.SOURCE_URL_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.STATEMENT_ID;
import static io.stancewatch.ingest.input.FieldLimits.TOPIC_MAX_LENGTH;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Stance;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A statement as posted (contract section 2). Field names are the JSON names, so a violation
 * names the field a user has to fix. {@code occurredAt} stays a string here because the
 * contract's RFC 3339 rule is stricter than what a JSON date binder accepts. The annotations
 * only document the rules in the OpenAPI spec; {@link StatementRules} checks them.
 */
public record StatementRequest(
    @Schema(pattern = STATEMENT_ID) String statementId,
    @Schema(requiredMode = REQUIRED, maxLength = ACTOR_MAX_LENGTH, pattern = SLUG) String actor,
    @Schema(maxLength = ACTOR_NAME_MAX_LENGTH) String actorName,
    ActorKind actorKind,
    @Schema(maxLength = ACTOR_MAX_LENGTH, pattern = SLUG) String onBehalfOf,
    @Schema(requiredMode = REQUIRED, maxLength = TOPIC_MAX_LENGTH, pattern = SLUG) String topic,
    @Schema(requiredMode = REQUIRED) Stance stance,
    @Schema(minimum = "0", maximum = "1") Double strength,
    @Schema(maxLength = QUOTE_MAX_LENGTH) String quote,
    @Schema(maxLength = SOURCE_URL_MAX_LENGTH) String sourceUrl,
    @Schema(requiredMode = REQUIRED, format = "date-time", example = "2025-02-12T15:00:00Z") String occurredAt) {}
