package io.stancewatch.ingest.retractions;

import static io.stancewatch.ingest.input.FieldLimits.ACTOR_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.REASON_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.SLUG;
import static io.stancewatch.ingest.input.FieldLimits.STATEMENT_ID;
import static io.stancewatch.ingest.input.FieldLimits.TOPIC_MAX_LENGTH;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A retraction as posted (contract section 2): which statement of which pair to withdraw, and
 * why. The annotations only document the rules in the OpenAPI spec; {@link RetractionRules} checks them.
 */
// The public description: the Javadoc above is for the code's readers.
@Schema(description = "Withdraws a wrongly recorded statement of the pair (actor, topic); a retraction of an unknown"
    + " statement has no effect. Unknown fields are rejected.",
    additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
public record RetractionRequest(
    @Schema(requiredMode = REQUIRED, pattern = STATEMENT_ID) String statementId,
    @Schema(requiredMode = REQUIRED, maxLength = ACTOR_MAX_LENGTH, pattern = SLUG) String actor,
    @Schema(requiredMode = REQUIRED, maxLength = TOPIC_MAX_LENGTH, pattern = SLUG) String topic,
    @Nullable @Schema(maxLength = REASON_MAX_LENGTH) String reason) {}
