package io.stancewatch.ingest.statements;

import io.stancewatch.events.Statement;
import io.stancewatch.ingest.input.FieldLimits;
import io.stancewatch.ingest.input.FieldRules;
import io.stancewatch.ingest.input.NoNul;
import io.stancewatch.ingest.input.StrictJson;
import io.stancewatch.ingest.problem.InvalidRequestException;
import io.stancewatch.problem.Violation;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Contract section 2 applied to a bound request: the per-field rules ({@link FieldRules}, with
 * the limits of {@link FieldLimits}), then the rules of a statement alone (RFC 3339 with an
 * offset, not too far in the future, an http(s) URL, a bloc other than the speaker, no NUL
 * characters). Every violation is reported at once, so a client fixes a statement in one round trip.
 */
@Singleton
public class StatementRules {

  static final Duration MAX_FUTURE = Duration.ofMinutes(5);
  static final int MAX_BATCH = 1000;
  private static final Pattern RFC_3339 =
      Pattern.compile("^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})$");

  private final Clock clock;

  public StatementRules(Clock clock) {
    this.clock = clock;
  }

  /** The violations of one statement; empty when it is valid. */
  public List<Violation> check(StatementRequest request) {
    List<Violation> violations = new ArrayList<>();
    FieldRules.statementId(violations, "statementId", request.statementId());
    FieldRules.required(violations, "actor", request.actor());
    FieldRules.slug(violations, "actor", request.actor(), FieldLimits.ACTOR_MAX_LENGTH);
    FieldRules.maxLength(violations, "actorName", request.actorName(), FieldLimits.ACTOR_NAME_MAX_LENGTH);
    FieldRules.slug(violations, "onBehalfOf", request.onBehalfOf(), FieldLimits.ACTOR_MAX_LENGTH);
    FieldRules.required(violations, "topic", request.topic());
    FieldRules.slug(violations, "topic", request.topic(), FieldLimits.TOPIC_MAX_LENGTH);
    FieldRules.required(violations, "stance", request.stance());
    FieldRules.zeroToOne(violations, "strength", request.strength());
    FieldRules.maxLength(violations, "quote", request.quote(), FieldLimits.QUOTE_MAX_LENGTH);
    FieldRules.maxLength(violations, "sourceUrl", request.sourceUrl(), FieldLimits.SOURCE_URL_MAX_LENGTH);
    FieldRules.required(violations, "occurredAt", request.occurredAt());
    NoNul.check(violations, "statementId", request.statementId());
    NoNul.check(violations, "actor", request.actor());
    NoNul.check(violations, "actorName", request.actorName());
    NoNul.check(violations, "onBehalfOf", request.onBehalfOf());
    NoNul.check(violations, "topic", request.topic());
    NoNul.check(violations, "quote", request.quote());
    NoNul.check(violations, "sourceUrl", request.sourceUrl());
    NoNul.check(violations, "occurredAt", request.occurredAt());
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

  /** The Avro statement for a valid request, or {@link InvalidRequestException} with every violation. */
  public Statement toEvent(StrictJson.Bound<StatementRequest> request) {
    List<Violation> violations = request.checkedBy(this::check);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(InvalidRequestException.detailFor("statement"), violations);
    }
    return build(request.value());
  }

  /**
   * The Avro statements for a batch, all or none: every item's violations are reported,
   * each field prefixed with its index ({@code [3].stance}).
   */
  public List<Statement> toEvents(List<StrictJson.Bound<StatementRequest>> batch) {
    if (batch.isEmpty() || batch.size() > MAX_BATCH) {
      throw new InvalidRequestException("A batch holds 1 to " + MAX_BATCH + " statements, not " + batch.size(),
          List.of());
    }
    List<Violation> violations = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      int index = i;
      batch.get(i).checkedBy(this::check).forEach(v -> violations.add(v.atIndex(index)));
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(InvalidRequestException.detailFor("batch"), violations);
    }
    return batch.stream().map(b -> build(b.value())).toList();
  }

  /** Generates the id where none was given and applies the default strength. */
  private static Statement build(StatementRequest request) {
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
    } catch (DateTimeException e) {
      violations.add(new Violation("occurredAt", "is not a real date and time"));
      return;
    }
    if (instant.isAfter(clock.instant().plus(MAX_FUTURE))) {
      violations.add(new Violation("occurredAt", "must not be more than 5 minutes in the future"));
    }
  }

  /**
   * The instant of a date-time that matched {@link #RFC_3339}, read by position: what
   * {@code OffsetDateTime.parse} gives (a date or offset that does not exist is a
   * {@link DateTimeException}), without the formatter, which costs too much on every statement's path
   * (docs/PERFORMANCE.md).
   */
  static Instant parseInstant(String value) {
    int nanos = 0;
    int end = 19;
    if (value.charAt(end) == '.') {
      int start = ++end;
      while (value.charAt(end) >= '0' && value.charAt(end) <= '9') {
        end++;
      }
      nanos = number(value, start, end);
      for (int digits = end - start; digits < 9; digits++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset = ZoneOffset.UTC;
    char sign = value.charAt(end);
    if (sign == '+' || sign == '-') {
      int hours = number(value, end + 1, end + 3);
      int minutes = number(value, end + 4, end + 6);
      offset = sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
    }
    return OffsetDateTime.of(number(value, 0, 4), number(value, 5, 7), number(value, 8, 10),
        number(value, 11, 13), number(value, 14, 16), number(value, 17, 19), nanos, offset).toInstant();
  }

  /** The ASCII digits from {@code start} to {@code end} as a number. */
  private static int number(String value, int start, int end) {
    int n = 0;
    for (int i = start; i < end; i++) {
      n = n * 10 + (value.charAt(i) - '0');
    }
    return n;
  }

  /**
   * Whether the value is an absolute http or https URL with a host, as {@link URI} parses it.
   * Parsing with URI costs too much on every statement's path (docs/PERFORMANCE.md), so the URLs
   * statements cite are first read by position ({@link #isPlainHttpUrl}); only what that does not accept
   * (an IP address, user info, a non-ASCII path, or no URL at all) is left to URI.
   */
  static boolean isHttpUrl(String value) {
    return isPlainHttpUrl(value) || isHttpUrlByUri(value);
  }

  private static boolean isHttpUrlByUri(String value) {
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return uri.isAbsolute() && (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * True for a subset of what {@link #isHttpUrlByUri} accepts: http or https, {@code ://}, a
   * host name whose labels are letters, digits and inner hyphens and whose last label starts
   * with a letter, an optional port of up to five digits, then only ASCII characters URI allows
   * in a path, query and fragment ({@code %} followed by two hex digits, one {@code #} at most).
   */
  static boolean isPlainHttpUrl(String value) {
    int n = value.length();
    int i;
    if (value.regionMatches(true, 0, "https://", 0, 8)) {
      i = 8;
    } else if (value.regionMatches(true, 0, "http://", 0, 7)) {
      i = 7;
    } else {
      return false;
    }
    boolean lastLabelStartsWithLetter;
    while (true) {
      if (i >= n || !isAsciiLetterOrDigit(value.charAt(i))) {
        return false;
      }
      lastLabelStartsWithLetter = !isAsciiDigit(value.charAt(i));
      while (i < n && (isAsciiLetterOrDigit(value.charAt(i)) || value.charAt(i) == '-')) {
        i++;
      }
      if (value.charAt(i - 1) == '-') {
        return false;
      }
      if (i < n && value.charAt(i) == '.') {
        i++;
      } else {
        break;
      }
    }
    if (!lastLabelStartsWithLetter) {
      return false;
    }
    if (i < n && value.charAt(i) == ':') {
      int port = ++i;
      while (i < n && isAsciiDigit(value.charAt(i))) {
        i++;
      }
      if (i == port || i - port > 5) {
        return false;
      }
    }
    if (i < n && "/?#".indexOf(value.charAt(i)) < 0) {
      return false;
    }
    boolean fragment = false;
    for (; i < n; i++) {
      char c = value.charAt(i);
      if (c == '%') {
        if (i + 2 >= n || !isHexDigit(value.charAt(i + 1)) || !isHexDigit(value.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (c == '#') {
        if (fragment) {
          return false;
        }
        fragment = true;
      } else if (!isAsciiLetterOrDigit(c) && "-_.!~*'();/?:@&=+$,".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isHexDigit(char c) {
    return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
