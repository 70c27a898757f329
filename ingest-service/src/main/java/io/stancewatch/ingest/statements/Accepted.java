package io.stancewatch.ingest.statements;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;

/** The 202 answer: the statement's id (generated if none was given) and the read-your-writes token. */
@Introspected
public record Accepted(
    @Schema(requiredMode = REQUIRED) String statementId,
    @Schema(requiredMode = REQUIRED) String consistencyToken) {}
