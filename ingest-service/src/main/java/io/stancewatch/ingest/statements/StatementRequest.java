package io.stancewatch.ingest.statements;

import io.micronaut.core.annotation.Introspected;
import io.stancewatch.events.ActorKind;
import io.stancewatch.ingest.input.Slugs;
import io.stancewatch.events.Stance;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A statement as posted (contract section 2). Field names are the JSON names, so a violation's
 * property path is the field a user has to fix. {@code occurredAt} stays a string here because
 * the contract's RFC 3339 rule is stricter than what a JSON date binder accepts. The annotations
 * document the rules in the OpenAPI spec; {@link StatementRules} checks them.
 */
@Introspected
public record StatementRequest(
    @Pattern(regexp = Slugs.STATEMENT_ID, message = Slugs.STATEMENT_ID_MESSAGE) String statementId,
    @NotNull @Size(max = 64) @Pattern(regexp = Slugs.SLUG, message = Slugs.SLUG_MESSAGE) String actor,
    @Size(max = 200) String actorName,
    ActorKind actorKind,
    @Size(max = 64) @Pattern(regexp = Slugs.SLUG, message = Slugs.SLUG_MESSAGE) String onBehalfOf,
    @NotNull @Size(max = 128) @Pattern(regexp = Slugs.SLUG, message = Slugs.SLUG_MESSAGE) String topic,
    @NotNull Stance stance,
    @DecimalMin("0") @DecimalMax("1") Double strength,
    @Size(max = 2000) String quote,
    @Size(max = 2048) String sourceUrl,
    @NotNull @Schema(format = "date-time", example = "2025-02-12T15:00:00Z") String occurredAt) {}
