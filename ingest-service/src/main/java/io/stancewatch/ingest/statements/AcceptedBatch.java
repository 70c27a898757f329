package io.stancewatch.ingest.statements;

import io.micronaut.core.annotation.Introspected;
import java.util.List;

/** The 202 answer to a batch: the ids in the order posted, and one token covering them all. */
@Introspected
public record AcceptedBatch(List<String> statementIds, String consistencyToken) {}
