package io.stancewatch.ingest.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.stancewatch.ingest.statements.AcceptedBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts, on {@code /prometheus}, what the write endpoints answered: statements and retractions
 * accepted, and requests rejected by reason. It reads the final answer, so a refusal is counted
 * the same whether the token filter, the framework, the rules or the broker gave it. It runs
 * first, so its response side sees every other filter's answer.
 */
// Created at start-up rather than at the first write, so its series are there, at zero, before it.
@Context
@ServerFilter({WriteMetricsFilter.STATEMENTS, WriteMetricsFilter.BATCH, WriteMetricsFilter.RETRACTIONS})
public class WriteMetricsFilter implements Ordered {

  static final String STATEMENTS = "/statements";
  static final String BATCH = "/statements/batch";
  static final String RETRACTIONS = "/retractions";
  /** The {@code reason} tag of each refusal the contract names; anything else is {@code other}. */
  private static final Map<Integer, String> REASONS = Map.of(
      HttpStatus.BAD_REQUEST.getCode(), "validation",
      HttpStatus.UNAUTHORIZED.getCode(), "unauthorized",
      HttpStatus.REQUEST_ENTITY_TOO_LARGE.getCode(), "too-large",
      HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(), "unsupported-media-type",
      HttpStatus.SERVICE_UNAVAILABLE.getCode(), "broker-unavailable");
  private static final String OTHER = "other";

  private final Counter statementsAccepted;
  private final Counter retractionsAccepted;
  private final Map<String, Map<String, Counter>> rejected = new HashMap<>();

  public WriteMetricsFilter(MeterRegistry registry) {
    statementsAccepted = Counter.builder("stancewatch.ingest.statements.accepted")
        .description("Statements committed to the statement log and answered 202 (each item of a batch counts)")
        .register(registry);
    retractionsAccepted = Counter.builder("stancewatch.ingest.retractions.accepted")
        .description("Retractions committed to the statement log and answered 202")
        .register(registry);
    for (String endpoint : List.of(STATEMENTS, BATCH, RETRACTIONS)) {
      Map<String, Counter> byReason = new HashMap<>();
      for (String reason : allReasons()) {
        byReason.put(reason, Counter.builder("stancewatch.ingest.requests.rejected")
            .description("Write requests answered with an error, nothing of them published")
            .tag("endpoint", endpoint).tag("reason", reason)
            .register(registry));
      }
      rejected.put(endpoint, byReason);
    }
  }

  @ResponseFilter
  public void count(HttpRequest<?> request, HttpResponse<?> response) {
    Map<String, Counter> byReason = rejected.get(request.getPath());
    if (byReason == null) {
      return;
    }
    if (response.code() == HttpStatus.ACCEPTED.getCode()) {
      if (response.getBody().orElse(null) instanceof AcceptedBatch batch) {
        statementsAccepted.increment(batch.statementIds().size());
      } else if (request.getPath().equals(RETRACTIONS)) {
        retractionsAccepted.increment();
      } else {
        statementsAccepted.increment();
      }
    } else if (response.code() >= 400) {
      byReason.get(REASONS.getOrDefault(response.code(), OTHER)).increment();
    }
  }

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE;
  }

  private static List<String> allReasons() {
    List<String> reasons = new ArrayList<>(REASONS.values());
    reasons.add(OTHER);
    return reasons;
  }
}
