package io.stancewatch.query.problem;

/** One reason a request was rejected: the parameter and what is wrong with it. */
public record Violation(String field, String message) {}
