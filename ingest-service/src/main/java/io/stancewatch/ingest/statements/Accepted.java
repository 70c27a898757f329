package io.stancewatch.ingest.statements;

import io.micronaut.core.annotation.Introspected;

/** The 202 answer: the statement's id (generated if none was given) and the read-your-writes token. */
@Introspected
public record Accepted(String statementId, String consistencyToken) {}
