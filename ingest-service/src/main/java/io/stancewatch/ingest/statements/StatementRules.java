package io.stancewatch.ingest.statements;

import io.micronaut.validation.validator.Validator;
import io.stancewatch.events.Statement;
import io.stancewatch.ingest.problem.InvalidRequestException;
import io.stancewatch.ingest.problem.Violation;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Contract section 2 applied to a bound request: the annotated field rules through Micronaut
 * validation, then the rules an annotation cannot say (RFC 3339 with an offset, not too far
 * in the future, an http(s) URL, a bloc other than the speaker, no NUL characters). Every
 * violation is reported at once, so a client fixes a statement in one round trip.
 */
@Singleton
public class StatementRules {

  static final Duration MAX_FUTURE = Duration.ofMinutes(5);
  private static final Pattern RFC_3339 =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})$");

  private final Validator validator;
  private final Clock clock;

  public StatementRules(Validator validator, Clock clock) {
    this.validator = validator;
    this.clock = clock;
  }

  /** The violations of one statement; empty when it is valid. */
  public List<Violation> check(StatementRequest request) {
    List<Violation> violations = new ArrayList<>();
    validator.validate(request).forEach(v -> violations.add(new Violation(v.getPropertyPath().toString(), v.getMessage())));
    noNul(violations, "statementId", request.statementId());
    noNul(violations, "actor", request.actor());
    noNul(violations, "actorName", request.actorName());
    noNul(violations, "onBehalfOf", request.onBehalfOf());
    noNul(violations, "topic", request.topic());
    noNul(violations, "quote", request.quote());
    noNul(violations, "sourceUrl", request.sourceUrl());
    noNul(violations, "occurredAt", request.occurredAt());
    if (request.onBehalfOf() != null && request.onBehalfOf().equals(request.actor())) {
      violations.add(new Violation("onBehalfOf", "must differ from actor"));
    }
    if (request.sourceUrl() != null && !isHttpUrl(request.sourceUrl())) {
      violations.add(new Violation("sourceUrl", "must be an absolute http or https URL"));
    }
    if (request.occurredAt() != null) {
      occurredAt(request.occurredAt(), violations);
    }
    violations.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
    return violations;
  }

  /** The Avro statement for a valid request, with a generated id where none was given. */
  public Statement toEvent(StatementRequest request) {
    List<Violation> violations = check(request);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException("The request is not a valid statement", violations);
    }
    return Statement.newBuilder()
        .setStatementId(request.statementId() != null ? request.statementId() : UUID.randomUUID().toString())
        .setActor(request.actor())
        .setActorName(request.actorName())
        .setActorKind(request.actorKind())
        .setOnBehalfOf(request.onBehalfOf())
        .setTopic(request.topic())
        .setStance(request.stance())
        .setStrength(request.strength() != null ? request.strength() : 1.0)
        .setQuote(request.quote())
        .setSourceUrl(request.sourceUrl())
        .setOccurredAt(parseInstant(request.occurredAt()))
        .build();
  }

  private void occurredAt(String value, List<Violation> violations) {
    if (!RFC_3339.matcher(value).matches()) {
      violations.add(new Violation("occurredAt", "must be an RFC 3339 date-time with an offset, like 2025-02-12T15:00:00Z"));
      return;
    }
    Instant instant;
    try {
      instant = parseInstant(value);
    } catch (DateTimeParseException e) {
      violations.add(new Violation("occurredAt", "is not a real date and time"));
      return;
    }
    if (instant.isAfter(clock.instant().plus(MAX_FUTURE))) {
      violations.add(new Violation("occurredAt", "must not be more than 5 minutes in the future"));
    }
  }

  private static Instant parseInstant(String value) {
    return OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant();
  }

  private static boolean isHttpUrl(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static void noNul(List<Violation> violations, String field, String value) {
    if (value != null && value.indexOf('\0') >= 0) {
      violations.add(new Violation(field, "must not contain NUL characters"));
    }
  }
}
