package io.stancewatch.ingest.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.ingest.input.JsonBodies;
import io.stancewatch.ingest.input.StrictJson;
import io.stancewatch.ingest.problem.InvalidRequestException;
import io.stancewatch.problem.Violation;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Contract section 2, rule by rule, without Kafka or HTTP. */
class StatementRulesTest {

  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  private final StatementRules rules = new StatementRules(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void acceptsAFullStatementAndKeepsEveryField() {
    Statement s = rules.toEvent(read("""
        {"statementId": "hegseth-2025-02-12", "actor": "pete-hegseth", "actorName": "Pete Hegseth",
         "actorKind": "PERSON", "onBehalfOf": "united-states", "topic": "ukraine-nato-membership",
         "stance": "OPPOSE", "strength": 0.9, "quote": "not a realistic outcome",
         "sourceUrl": "https://example.org/a", "occurredAt": "2025-02-12T15:00:00+01:00"}"""));
    assertEquals("hegseth-2025-02-12", s.getStatementId());
    assertEquals(ActorKind.PERSON, s.getActorKind());
    assertEquals("united-states", s.getOnBehalfOf());
    assertEquals(Stance.OPPOSE, s.getStance());
    assertEquals(0.9, s.getStrength());
    assertEquals(Instant.parse("2025-02-12T14:00:00Z"), s.getOccurredAt());
  }

  @Test
  void generatesAnIdAndDefaultsStrength() {
    Statement s = rules.toEvent(read("""
        {"actor": "pal-jonson", "topic": "ukraine-nato-membership", "stance": "SUPPORT",
         "occurredAt": "2025-02-13T10:00:00Z"}"""));
    assertEquals(36, s.getStatementId().length());
    assertEquals(1.0, s.getStrength());
  }

  @Test
  void reportsEveryViolationAtOnce() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> rules.toEvent(read("""
        {"actor": "Pete Hegseth", "stance": "MAYBE", "strength": 2, "occurredAt": "yesterday", "mood": 1}""")));
    assertEquals(List.of("actor", "mood", "occurredAt", "stance", "strength", "topic"),
        e.violations().stream().map(Violation::field).toList());
  }

  /** One invalid field per row, everything else valid: the field that must be named. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      statementId | "has space"
      statementId | ""
      statementId | "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      actor       | "Pete-Hegseth"
      actor       | "pete--hegseth"
      actor       | "-pete"
      actor       | "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      actor       | null
      actor       | 5
      actorKind   | "PRESIDENT"
      actorKind   | 0
      actorKind   | " PERSON"
      onBehalfOf  | "united states"
      onBehalfOf  | "pete-hegseth"
      topic       | "NATO"
      stance      | "support"
      stance      | "MAYBE"
      stance      | null
      stance      | "SUPPORT "
      stance      | "0"
      strength    | -0.1
      strength    | 1.01
      strength    | "0.5"
      strength    | "NaN"
      strength    | "-Infinity"
      strength    | 1e400
      quote       | 7
      sourceUrl   | "ftp://example.org/a"
      sourceUrl   | "example.org/a"
      sourceUrl   | "https://"
      occurredAt  | "2025-02-12"
      occurredAt  | "2025-02-12T15:00:00"
      occurredAt  | "2025-02-12T15:00Z"
      occurredAt  | "2025-02-30T15:00:00Z"
      occurredAt  | "2025-03-01T12:05:01Z"
      occurredAt  | 1739372400000
      actorName   | "nul\\u0000byte"
      quote       | "nul\\u0000byte"
      colour      | "blue"
      """)
  void namesTheInvalidField(String field, String json) {
    String body = valid(field, json);
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> rules.toEvent(read(body)), body);
    assertEquals(List.of(field), e.violations().stream().map(Violation::field).toList(), body);
  }

  /** The messages clients already read, one per kind of rule: they were Bean Validation's and stay as they were. */
  @Test
  void eachRuleSaysWhatItAlwaysSaid() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> rules.toEvent(read("""
        {"statementId": "has space", "actor": "%s", "actorName": "%s", "onBehalfOf": "United-States",
         "stance": "OPPOSE", "strength": -0.5, "quote": "%s", "occurredAt": "2025-02-12T15:00:00Z"}"""
        .formatted("A".repeat(65), "n".repeat(201), "q".repeat(2001)))));
    String slug = "must be a slug: lowercase letters and digits in words joined by single hyphens";
    assertEquals(List.of(
        new Violation("actor", slug),
        new Violation("actor", "size must be between 0 and 64"),
        new Violation("actorName", "size must be between 0 and 200"),
        new Violation("onBehalfOf", slug),
        new Violation("quote", "size must be between 0 and 2000"),
        new Violation("statementId", "must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'"),
        new Violation("strength", "must be greater than or equal to 0"),
        new Violation("topic", "must not be null")), e.violations());
    assertEquals("Invalid statement: see violations", e.getMessage());
  }

  @Test
  void strengthIsOnlyEverAJsonNumberInRange() {
    assertEquals(List.of(new Violation("strength", "must be a JSON number")),
        assertThrows(InvalidRequestException.class, () -> rules.toEvent(read(valid("strength", "\"NaN\"")))).violations());
    assertEquals(List.of(new Violation("strength", "is out of the range of a double-precision number")),
        assertThrows(InvalidRequestException.class, () -> rules.toEvent(read(valid("strength", "-1e400")))).violations());
  }

  @Test
  void acceptsTheEdgesOfEachRule() {
    rules.toEvent(read(valid("occurredAt", "\"2025-03-01T12:05:00Z\"")));
    rules.toEvent(read(valid("occurredAt", "\"2025-02-12t15:00:00.123456789-05:30\"")));
    rules.toEvent(read(valid("strength", "-0.0")));
    rules.toEvent(read(valid("strength", "0")));
    rules.toEvent(read(valid("strength", "1")));
    rules.toEvent(read(valid("statementId", "\"A.b_c:d-1\"")));
    rules.toEvent(read(valid("quote", "\"" + "q".repeat(2000) + "\"")));
    rules.toEvent(read(valid("sourceUrl", "\"HTTP://example.org/" + "p".repeat(2000) + "\"")));
  }

  @Test
  void rejectsMalformedJsonWithoutAField() {
    for (String body : List.of("{", "[]", "\"x\"", "{\"actor\": \"a\", \"actor\": \"b\"}", "{} {}")) {
      InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> rules.toEvent(read(body)), body);
      assertEquals(List.of(), e.violations(), body);
    }
  }

  @Test
  void batchIsCheckedWholeAndNamesEachItem() {
    String good = valid("statementId", "\"s-1\"");
    String batch = "[" + good + ", " + good + ", " + valid("strength", "3") + ", null, "
        + valid("stance", "\"MAYBE\"") + ", 7]";
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> rules.toEvents(
        StrictJson.readArray(batch.getBytes(StandardCharsets.UTF_8), StatementRequest.class, "statement")));
    assertEquals(List.of("[2].strength", "[3]", "[4].stance", "[5]"), e.violations().stream().map(Violation::field).toList());
  }

  @Test
  void batchHoldsOneToAThousand() {
    assertEquals(1000, rules.toEvents(batchOf(1000)).size());
    assertThrows(InvalidRequestException.class, () -> rules.toEvents(batchOf(1001)));
    assertThrows(InvalidRequestException.class, () -> rules.toEvents(batchOf(0)));
  }

  private static List<StrictJson.Bound<StatementRequest>> batchOf(int size) {
    return Collections.nCopies(size, read(valid("statementId", "\"s-1\"")));
  }

  /** A valid statement with {@code field} set to the raw JSON {@code json}, or added if it is not a field. */
  private static String valid(String field, String json) {
    return JsonBodies.withField(new String[][] {
        {"statementId", "\"s-1\""}, {"actor", "\"pete-hegseth\""}, {"actorName", "\"Pete Hegseth\""},
        {"actorKind", "\"PERSON\""}, {"onBehalfOf", "\"united-states\""}, {"topic", "\"ukraine-nato-membership\""},
        {"stance", "\"OPPOSE\""}, {"strength", "0.8"}, {"quote", "\"not realistic\""},
        {"sourceUrl", "\"https://example.org/a\""}, {"occurredAt", "\"2025-02-12T15:00:00Z\""}}, field, json);
  }

  private static StrictJson.Bound<StatementRequest> read(String body) {
    return StrictJson.read(body.getBytes(StandardCharsets.UTF_8), StatementRequest.class, "statement");
  }
}
