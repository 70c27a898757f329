package io.stancewatch.ingest.statements;

import static io.stancewatch.ingest.input.FieldLimits.ACTOR_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.ACTOR_NAME_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.QUOTE_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.SLUG;
import static io.stancewatch.ingest.input.FieldLimits.SOURCE_URL_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.STATEMENT_ID;
import static io.stancewatch.ingest.input.FieldLimits.TOPIC_MAX_LENGTH;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Stance;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A statement as posted (contract section 2). Field names are the JSON names, so a violation
 * names the field a user has to fix. {@code occurredAt} stays a string here because the
 * contract's RFC 3339 rule is stricter than what a JSON date binder accepts. The annotations
 * only document the rules in the OpenAPI spec; {@link StatementRules} checks them.
 *
 * @param statementId the idempotency key: a statement id is folded once per actor; a UUID is generated when absent
 * @param onBehalfOf the actor the speaker speaks for; must differ from {@code actor}
 * @param strength the position is +strength (SUPPORT), -strength (OPPOSE) or 0 (NEUTRAL)
 * @param sourceUrl an absolute http or https URL
 * @param occurredAt when it was said: RFC 3339 with an offset, at most 5 minutes in the future
 */
// The public description: the Javadoc above is for the code's readers.
@Schema(description = "A statement as posted (contract section 2). Unknown fields are rejected.",
    additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record StatementRequest(
    @Nullable @Schema(pattern = STATEMENT_ID) String statementId,
    @Schema(requiredMode = REQUIRED, maxLength = ACTOR_MAX_LENGTH, pattern = SLUG) String actor,
    @Nullable @Schema(maxLength = ACTOR_NAME_MAX_LENGTH) String actorName,
    @Nullable @Schema(type = "string") ActorKind actorKind,
    @Nullable @Schema(maxLength = ACTOR_MAX_LENGTH, pattern = SLUG) String onBehalfOf,
    @Schema(requiredMode = REQUIRED, maxLength = TOPIC_MAX_LENGTH, pattern = SLUG) String topic,
    @Schema(requiredMode = REQUIRED) Stance stance,
    @Nullable @Schema(minimum = "0", maximum = "1", defaultValue = "1") Double strength,
    @Nullable @Schema(maxLength = QUOTE_MAX_LENGTH) String quote,
    @Nullable @Schema(maxLength = SOURCE_URL_MAX_LENGTH, format = "uri") String sourceUrl,
    @Schema(requiredMode = REQUIRED, format = "date-time", example = "2025-02-12T15:00:00Z") String occurredAt) {}
