package io.stancewatch.ingest.retractions;

import io.micronaut.core.annotation.Introspected;
import io.stancewatch.ingest.input.Slugs;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A retraction as posted (contract section 2): which statement of which pair to withdraw, and why. */
@Introspected
public record RetractionRequest(
    @NotNull @Pattern(regexp = Slugs.STATEMENT_ID, message = Slugs.STATEMENT_ID_MESSAGE) String statementId,
    @NotNull @Size(max = 64) @Pattern(regexp = Slugs.SLUG, message = Slugs.SLUG_MESSAGE) String actor,
    @NotNull @Size(max = 128) @Pattern(regexp = Slugs.SLUG, message = Slugs.SLUG_MESSAGE) String topic,
    @Size(max = 500) String reason) {}
