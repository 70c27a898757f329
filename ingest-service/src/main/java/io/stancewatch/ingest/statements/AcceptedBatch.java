package io.stancewatch.ingest.statements;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Introspected;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The 202 answer to a batch: the ids in the order posted, and one token covering them all. */
@Introspected
public record AcceptedBatch(
    @Schema(requiredMode = REQUIRED) List<String> statementIds,
    @Schema(requiredMode = REQUIRED) String consistencyToken) {}
