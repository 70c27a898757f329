package io.stancewatch.ingest.retractions;

import static io.stancewatch.ingest.input.FieldLimits.ACTOR_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.REASON_MAX_LENGTH;
import static io.stancewatch.ingest.input.FieldLimits.SLUG;
import static io.stancewatch.ingest.input.FieldLimits.STATEMENT_ID;
import static io.stancewatch.ingest.input.FieldLimits.TOPIC_MAX_LENGTH;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A retraction as posted (contract section 2): which statement of which pair to withdraw, and
 * why. The annotations only document the rules in the OpenAPI spec; {@link RetractionRules} checks them.
 */
public record RetractionRequest(
    @Schema(requiredMode = REQUIRED, pattern = STATEMENT_ID) String statementId,
    @Schema(requiredMode = REQUIRED, maxLength = ACTOR_MAX_LENGTH, pattern = SLUG) String actor,
    @Schema(requiredMode = REQUIRED, maxLength = TOPIC_MAX_LENGTH, pattern = SLUG) String topic,
    @Schema(maxLength = REASON_MAX_LENGTH) String reason) {}
