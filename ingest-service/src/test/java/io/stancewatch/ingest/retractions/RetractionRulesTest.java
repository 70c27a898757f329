package io.stancewatch.ingest.retractions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stancewatch.events.Retraction;
import io.stancewatch.ingest.input.JsonBodies;
import io.stancewatch.ingest.input.StrictJson;
import io.stancewatch.ingest.problem.InvalidRequestException;
import io.stancewatch.problem.Violation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A retraction (contract section 2), rule by rule, without Kafka or HTTP. */
class RetractionRulesTest {

  @Test
  void acceptsAFullRetractionAndKeepsEveryField() {
    Retraction r = RetractionRules.toEvent(read("""
        {"statementId": "hegseth-2025-02-12", "actor": "pete-hegseth", "topic": "ukraine-nato-membership",
         "reason": "misquoted"}"""));
    assertEquals("hegseth-2025-02-12", r.getStatementId());
    assertEquals("pete-hegseth", r.getActor());
    assertEquals("ukraine-nato-membership", r.getTopic());
    assertEquals("misquoted", r.getReason());
  }

  @Test
  void reasonIsOptional() {
    assertNull(RetractionRules.toEvent(read(valid("reason", "null"))).getReason());
  }

  /** One invalid field per row, everything else valid: the field that must be named. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      statementId | null
      statementId | "has space"
      statementId | ""
      statementId | "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii"
      statementId | 7
      statementId | "s\\u0000"
      actor       | null
      actor       | "Pete-Hegseth"
      actor       | "pete--hegseth"
      actor       | "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      actor       | false
      topic       | null
      topic       | "NATO"
      topic       | "ttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttttt"
      topic       | []
      reason      | 3
      reason      | "mis\\u0000quoted"
      mood        | "sorry"
      """)
  void namesTheInvalidField(String field, String json) {
    String body = valid(field, json);
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> RetractionRules.toEvent(read(body)), body);
    assertEquals(List.of(field), e.violations().stream().map(Violation::field).toList(), body);
  }

  /** The messages clients already read: the statement rules' own, for the same kinds of field. */
  @Test
  void eachRuleSaysWhatItAlwaysSaid() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> RetractionRules.toEvent(read("""
        {"statementId": "has space", "actor": "%s", "reason": "%s"}""".formatted("A".repeat(65), "r".repeat(501)))));
    assertEquals(List.of(
        new Violation("actor", "must be a slug: lowercase letters and digits in words joined by single hyphens"),
        new Violation("actor", "size must be between 0 and 64"),
        new Violation("reason", "size must be between 0 and 500"),
        new Violation("statementId", "must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' or '-'"),
        new Violation("topic", "must not be null")), e.violations());
    assertEquals("Invalid retraction: see violations", e.getMessage());
  }

  @Test
  void anEmptyObjectNamesEveryRequiredField() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class, () -> RetractionRules.toEvent(read("{}")));
    assertEquals(List.of(new Violation("actor", "must not be null"), new Violation("statementId", "must not be null"),
        new Violation("topic", "must not be null")), e.violations());
  }

  @Test
  void aFieldThatDoesNotBindIsNamedOnce() {
    InvalidRequestException e = assertThrows(InvalidRequestException.class,
        () -> RetractionRules.toEvent(read(valid("reason", "\"why\\u0000\"").replace("\"actor\": \"pete-hegseth\"", "\"actor\": 5"))));
    assertEquals(List.of(new Violation("actor", "must be a JSON string"),
        new Violation("reason", "must not contain NUL characters")), e.violations());
  }

  /** A valid retraction with {@code field} set to the raw JSON {@code json}, or added if it is not a field. */
  private static String valid(String field, String json) {
    return JsonBodies.withField(new String[][] {
        {"statementId", "\"s-1\""}, {"actor", "\"pete-hegseth\""}, {"topic", "\"ukraine-nato-membership\""},
        {"reason", "\"misquoted\""}}, field, json);
  }

  private static StrictJson.Bound<RetractionRequest> read(String body) {
    return StrictJson.read(body.getBytes(StandardCharsets.UTF_8), RetractionRequest.class, "retraction");
  }
}
