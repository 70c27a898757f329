package io.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.http.HttpStatus;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of contract sections 2 and 3, broken one at a time, against the running service
 * on the real broker: each case is a valid request with one defect, answered with the right
 * problem+json naming exactly the defective fields, and none of them moves an end offset of
 * the statement log.
 */
class BadInputCorpusKafkaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "Bearer " + RunningIngestService.TOKEN;
  private static final String WRONG_TOKEN = "not-the-ingest-token-7f3a";
  private static final String APPLICATION_JSON = "application/json";
  private static final int ONE_MIB = 1024 * 1024;
  private static final String STATEMENTS = "/statements";
  private static final String BATCH = "/statements/batch";
  private static final String RETRACTIONS = "/retractions";

  private static RunningIngestService.LogEnd logEnd;

  @BeforeAll
  static void start() {
    RunningIngestService.uri();
    logEnd = new RunningIngestService.LogEnd();
  }

  @AfterAll
  static void stop() {
    logEnd.close();
  }

  /** One request and the answer it must get; {@code fields} are the violations' fields, empty if none. */
  record Case(String name, String path, String authorization, String contentType, byte[] body, boolean chunked,
      int status, Set<String> fields, String detail) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    cases.addAll(statementFieldRules(STATEMENTS, "statement", ""));
    cases.addAll(bodyShapes());
    cases.addAll(batchRules());
    cases.addAll(retractionRules());
    cases.addAll(transportRules());
    return cases.stream();
  }

  /** Contract section 2 field by field; posted alone, or as item [3] of an otherwise valid batch. */
  private static List<Case> statementFieldRules(String path, String item, String prefix) {
    String future = Instant.now().plus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
    Object[][] rows = {
        // field, raw JSON value (null: field left out)
        {"statementId", "\"has space\""}, {"statementId", "\"\""}, {"statementId", "\"a/b\""},
        {"statementId", "\"caf\u00e9\""}, {"statementId", quoted("i".repeat(129))}, {"statementId", "12"},
        {"statementId", "\"s\\u0000\""},
        {"actor", null}, {"actor", "null"}, {"actor", "5"}, {"actor", "[\"pete-hegseth\"]"},
        {"actor", "\"Pete-Hegseth\""}, {"actor", "\"pete--hegseth\""}, {"actor", "\"-pete-hegseth\""},
        {"actor", "\"pete-hegseth-\""}, {"actor", "\"pete_hegseth\""}, {"actor", "\"pete hegseth\""},
        {"actor", "\"\""}, {"actor", quoted("a".repeat(65))}, {"actor", "\"pete\\u0000hegseth\""},
        {"actorName", "true"}, {"actorName", quoted("n".repeat(201))}, {"actorName", "\"Pete\\u0000Hegseth\""},
        {"actorKind", "\"PRESIDENT\""}, {"actorKind", "\"person\""}, {"actorKind", "\" PERSON\""},
        {"actorKind", "\"\""}, {"actorKind", "0"}, {"actorKind", "\"1\""},
        {"onBehalfOf", "\"pete-hegseth\""}, {"onBehalfOf", "\"United-States\""}, {"onBehalfOf", "\"united--states\""},
        {"onBehalfOf", quoted("u".repeat(65))}, {"onBehalfOf", "{}"},
        {"topic", null}, {"topic", "null"}, {"topic", "{\"slug\": \"nato\"}"}, {"topic", "\"NATO\""},
        {"topic", "\"nato--membership\""}, {"topic", "\"-nato\""}, {"topic", quoted("t".repeat(129))},
        {"stance", null}, {"stance", "null"}, {"stance", "\"MAYBE\""}, {"stance", "\"support\""},
        {"stance", "\"SUPPORT \""}, {"stance", "\"\""}, {"stance", "1"}, {"stance", "\"0\""},
        {"stance", "[\"SUPPORT\"]"},
        {"strength", "-0.1"}, {"strength", "1.01"}, {"strength", "-1e-9"}, {"strength", "1e400"},
        {"strength", "12345678901234567890123"}, {"strength", "\"0.5\""}, {"strength", "\"NaN\""},
        {"strength", "\"Infinity\""}, {"strength", "\"-Infinity\""}, {"strength", "true"},
        {"quote", quoted("q".repeat(2001))}, {"quote", "7"}, {"quote", "\"a\\u0000b\""},
        {"sourceUrl", "\"example.org/a\""}, {"sourceUrl", "\"/a\""}, {"sourceUrl", "\"ftp://example.org/a\""},
        {"sourceUrl", "\"mailto:editor@example.org\""}, {"sourceUrl", "\"javascript:alert(1)\""},
        {"sourceUrl", "\"https://\""}, {"sourceUrl", "\"https://exa mple.org/\""},
        {"sourceUrl", quoted("https://example.org/" + "p".repeat(2029))}, {"sourceUrl", "1"},
        {"occurredAt", null}, {"occurredAt", "null"}, {"occurredAt", "\"2025-02-12T15:00:00\""},
        {"occurredAt", "\"2025-02-12\""}, {"occurredAt", "\"2025-02-12 15:00:00Z\""}, {"occurredAt", "\"yesterday\""},
        {"occurredAt", "\"2025-02-30T15:00:00Z\""}, {"occurredAt", "\"2025-02-12T25:00:00Z\""},
        {"occurredAt", "\"2025-02-12T15:00:00+25:00\""}, {"occurredAt", quoted(future)}, {"occurredAt", "1739372400000"},
        {"occurredAt", "\"2025-02-12T15:00:00Z\\u0000\""},
        {"mood", "\"angry\""}, {"Actor", "\"pete-hegseth\""},
    };
    List<Case> cases = new ArrayList<>();
    for (Object[] row : rows) {
      String field = (String) row[0];
      String value = (String) row[1];
      String name = item + " " + field + (value == null ? " missing" : " = " + abbreviate(value));
      String statement = value == null ? statementWithout(field) : statement(field, value);
      Set<String> fields = Set.of(field);
      if (prefix.isEmpty()) {
        cases.add(invalid(name, path, statement, "Invalid statement: see violations", fields));
      } else {
        cases.add(invalid(name, path, batch(statement), "Invalid batch: see violations",
            fields.stream().map(f -> prefix + f).collect(Collectors.toSet())));
      }
    }
    return cases;
  }

  private static List<Case> bodyShapes() {
    String valid = statement();
    return List.of(
        malformed("statement truncated", STATEMENTS, valid.substring(0, valid.length() - 1), "Malformed JSON"),
        malformed("statement with trailing content", STATEMENTS, valid + " {}", "Malformed JSON"),
        malformed("statement with a duplicate field", STATEMENTS,
            valid.replace("}", ", \"actor\": \"pete-hegseth\"}"), "Malformed JSON"),
        malformed("statement with a single-quoted string", STATEMENTS,
            valid.replace("\"OPPOSE\"", "'OPPOSE'"), "Malformed JSON"),
        malformed("statement with a NaN literal", STATEMENTS, valid.replace("0.8", "NaN"), "Malformed JSON"),
        malformed("statement with a raw NUL byte in a string", STATEMENTS,
            valid.replace("not a realistic", "not a\u0000realistic"), "Malformed JSON"),
        malformed("statement with a comment", STATEMENTS, "/* hi */ " + valid, "Malformed JSON"),
        malformed("statement nested 5000 deep", STATEMENTS,
            statement("actor", "[".repeat(5000) + "]".repeat(5000)), "Malformed JSON"),
        malformed("statement in ISO-8859-1, not UTF-8", STATEMENTS,
            valid.replace("Pete Hegseth", "P\u00e9te").getBytes(StandardCharsets.ISO_8859_1), "Malformed JSON"),
        malformed("empty body", STATEMENTS, "", "The body is empty"),
        malformed("whitespace body", STATEMENTS, "  \n", "The body is empty"),
        malformed("statement as a JSON array", STATEMENTS, "[" + valid + "]", "must be a statement as a JSON object"),
        malformed("statement as a JSON string", STATEMENTS, "\"" + valid.replace("\"", "\\\"") + "\"",
            "must be a statement as a JSON object"),
        malformed("statement as a number", STATEMENTS, "42", "must be a statement as a JSON object"),
        malformed("statement as null", STATEMENTS, "null", "must be a statement as a JSON object"),
        invalid("statement as an empty object", STATEMENTS, "{}", "Invalid statement: see violations",
            Set.of("actor", "occurredAt", "stance", "topic")),
        invalid("statement with every field wrong", STATEMENTS, """
            {"statementId": "", "actor": "Pete", "actorName": 1, "actorKind": "KING", "onBehalfOf": "Us",
             "topic": "NATO", "stance": "MAYBE", "strength": 2, "quote": false, "sourceUrl": "ftp://x",
             "occurredAt": "tomorrow", "mood": 1}""", "Invalid statement: see violations",
            Set.of("statementId", "actor", "actorName", "actorKind", "onBehalfOf", "topic", "stance", "strength",
                "quote", "sourceUrl", "occurredAt", "mood")));
  }

  private static List<Case> batchRules() {
    String valid = statement();
    List<Case> cases = new ArrayList<>(statementFieldRules(BATCH, "batch item [3]", "[3]."));
    cases.add(malformed("batch empty", BATCH, "[]", "A batch holds 1 to 1000 statements, not 0"));
    cases.add(malformed("batch of 1001", BATCH, "[" + String.join(",", Collections.nCopies(1001, valid)) + "]",
        "A batch holds 1 to 1000 statements, not 1001"));
    cases.add(malformed("batch as one statement object", BATCH, valid, "must be a JSON array of statements"));
    cases.add(malformed("batch as null", BATCH, "null", "must be a JSON array of statements"));
    cases.add(malformed("batch truncated", BATCH, "[" + valid + ", " + valid, "Malformed JSON"));
    cases.add(malformed("batch with trailing content", BATCH, "[" + valid + "] []", "Malformed JSON"));
    cases.add(malformed("batch empty body", BATCH, "", "The body is empty"));
    cases.add(invalid("batch with items that are not objects", BATCH, "[" + valid + ", null, 7, \"s\", [], " + valid + "]",
        "Invalid batch: see violations", Set.of("[1]", "[2]", "[3]", "[4]")));
    cases.add(invalid("batch with several bad items", BATCH,
        "[" + statement("stance", "\"MAYBE\"") + ", " + valid + ", " + statement("mood", "1") + ", "
            + statementWithout("occurredAt") + "]",
        "Invalid batch: see violations", Set.of("[0].stance", "[2].mood", "[3].occurredAt")));
    cases.add(invalid("batch with the bad item last of 1000", BATCH,
        "[" + String.join(",", Collections.nCopies(999, valid)) + "," + statement("topic", "\"NATO\"") + "]",
        "Invalid batch: see violations", Set.of("[999].topic")));
    return cases;
  }

  private static List<Case> retractionRules() {
    Object[][] rows = {
        {"statementId", null}, {"statementId", "null"}, {"statementId", "\"has space\""}, {"statementId", "\"\""},
        {"statementId", quoted("i".repeat(129))}, {"statementId", "7"}, {"statementId", "\"s\\u0000\""},
        {"actor", null}, {"actor", "\"Pete-Hegseth\""}, {"actor", "\"pete--hegseth\""}, {"actor", "\"-pete\""},
        {"actor", quoted("a".repeat(65))}, {"actor", "false"},
        {"topic", null}, {"topic", "\"NATO\""}, {"topic", quoted("t".repeat(129))}, {"topic", "[]"},
        {"reason", quoted("r".repeat(501))}, {"reason", "3"}, {"reason", "\"mis\\u0000quoted\""},
        {"mood", "\"sorry\""},
    };
    List<Case> cases = new ArrayList<>();
    for (Object[] row : rows) {
      String field = (String) row[0];
      String value = (String) row[1];
      cases.add(invalid("retraction " + field + (value == null ? " missing" : " = " + abbreviate(value)), RETRACTIONS,
          value == null ? retractionWithout(field) : retraction(field, value), "Invalid retraction: see violations",
          Set.of(field)));
    }
    String valid = retraction();
    cases.add(invalid("retraction as an empty object", RETRACTIONS, "{}", "Invalid retraction: see violations",
        Set.of("actor", "statementId", "topic")));
    cases.add(malformed("retraction truncated", RETRACTIONS, valid.substring(0, 20), "Malformed JSON"));
    cases.add(malformed("retraction as a JSON array", RETRACTIONS, "[" + valid + "]",
        "must be a retraction as a JSON object"));
    cases.add(malformed("retraction empty body", RETRACTIONS, "", "The body is empty"));
    return cases;
  }

  /** Contract section 3 outside the body: the token, the size limit, the media type. */
  private static List<Case> transportRules() {
    List<Case> cases = new ArrayList<>();
    Map<String, String> valid = Map.of(STATEMENTS, statement(), BATCH, batch(statement()), RETRACTIONS, retraction());
    for (String path : List.of(STATEMENTS, BATCH, RETRACTIONS)) {
      byte[] body = utf8(valid.get(path));
      String unauthorized = "Writes need the header 'Authorization: Bearer <ingest token>'";
      cases.add(refused(path + " without a token", path, null, APPLICATION_JSON, body, 401, unauthorized));
      cases.add(refused(path + " with a wrong token", path, "Bearer " + WRONG_TOKEN, APPLICATION_JSON, body, 401,
          unauthorized));
      cases.add(refused(path + " with an empty bearer token", path, "Bearer ", APPLICATION_JSON, body, 401,
          unauthorized));
      cases.add(refused(path + " with the token but no Bearer scheme", path, RunningIngestService.TOKEN,
          APPLICATION_JSON, body, 401, unauthorized));
      cases.add(refused(path + " with the token as Basic credentials", path, "Basic " + RunningIngestService.TOKEN,
          APPLICATION_JSON, body, 401, unauthorized));
      cases.add(refused(path + " with the token and a suffix", path, TOKEN + "x", APPLICATION_JSON, body, 401,
          unauthorized));
      cases.add(refused(path + " malformed without a token", path, null, APPLICATION_JSON, utf8("{\"actor\": "), 401,
          unauthorized));

      cases.add(refused(path + " without a token or a content type", path, null, null, body, 401, unauthorized));
      cases.add(refused(path + " as text/plain without a token", path, null, "text/plain", body, 401, unauthorized));
      cases.add(refused(path + " as text/plain", path, TOKEN, "text/plain", body, 415, null));
      cases.add(refused(path + " as application/xml", path, TOKEN, "application/xml", body, 415, null));
      cases.add(refused(path + " as a form", path, TOKEN, "application/x-www-form-urlencoded", body, 415, null));
      cases.add(refused(path + " without a content type", path, TOKEN, null, body, 415, null));

      byte[] overLimit = oversized(path, ONE_MIB + 1);
      cases.add(refused(path + " 1 MiB + 1 byte", path, TOKEN, APPLICATION_JSON, overLimit, 413, null));
      cases.add(new Case(path + " over 1 MiB, chunked", path, TOKEN, APPLICATION_JSON, oversized(path, 3 * ONE_MIB),
          true, 413, Set.of(), null));
    }
    // Exactly at the limit is not over it: judged on its content, which has a far too long field.
    cases.add(invalid("statement of exactly 1 MiB", STATEMENTS, new String(oversized(STATEMENTS, ONE_MIB),
        StandardCharsets.UTF_8), "Invalid statement: see violations", Set.of("quote")));
    return cases;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void isRejectedWithProblemJsonAndPublishesNothing(Case c) throws Exception {
    Map<TopicPartition, Long> before = logEnd.offsets();

    HttpResponse<String> response = RunningIngestService.post(RunningIngestService.uri(), c.path(), c.authorization(),
        c.contentType(), c.body(), c.chunked());

    assertEquals(c.status(), response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    JsonNode problem = JSON.readTree(response.body());
    assertEquals(c.status(), problem.path("status").asInt(), response.body());
    assertEquals(HttpStatus.valueOf(c.status()).getReason(), problem.path("title").asText(), response.body());
    assertFalse(problem.path("detail").asText().isBlank(), response.body());
    if (c.detail() != null) {
      assertTrue(problem.path("detail").asText().contains(c.detail()), response.body());
    }
    Set<String> fields = new TreeSet<>();
    problem.path("violations").forEach(v -> {
      fields.add(v.path("field").asText());
      assertFalse(v.path("message").asText().isBlank(), response.body());
    });
    assertEquals(new TreeSet<>(c.fields()), fields, response.body());
    String answer = response.headers().map() + response.body();
    assertFalse(answer.contains(RunningIngestService.TOKEN), "the answer echoes the ingest token");
    assertFalse(answer.contains(WRONG_TOKEN), "the answer echoes the presented token");
    assertEquals(before, logEnd.offsets(), "no end offset of the statement log moved");
  }

  /** Every case above is the base statement, batch or retraction with one defect: the bases themselves are accepted. */
  @Test
  void theCorpusBasesAreAccepted() throws Exception {
    assertEquals(202, RunningIngestService.post(STATEMENTS, APPLICATION_JSON, statement()).statusCode());
    assertEquals(202, RunningIngestService.post(BATCH, APPLICATION_JSON, batch(statement())).statusCode());
    assertEquals(202, RunningIngestService.post(RETRACTIONS, APPLICATION_JSON, retraction()).statusCode());
    assertEquals(202, RunningIngestService.post(BATCH, APPLICATION_JSON,
        "[" + String.join(",", Collections.nCopies(1000, statement())) + "]").statusCode());
    assertEquals(202, RunningIngestService.post(STATEMENTS, "application/json; charset=utf-8", statement()).statusCode());
  }

  private static Case invalid(String name, String path, String body, String detail, Set<String> fields) {
    return new Case(name, path, TOKEN, APPLICATION_JSON, utf8(body), false, 400, fields, detail);
  }

  /** A 400 for a body that is not the JSON wanted at all: no field to name. */
  private static Case malformed(String name, String path, String body, String detail) {
    return malformed(name, path, utf8(body), detail);
  }

  private static Case malformed(String name, String path, byte[] body, String detail) {
    return new Case(name, path, TOKEN, APPLICATION_JSON, body, false, 400, Set.of(), detail);
  }

  private static Case refused(String name, String path, String authorization, String contentType, byte[] body,
      int status, String detail) {
    return new Case(name, path, authorization, contentType, body, false, status, Set.of(), detail);
  }

  /** A valid body of {@code size} bytes for {@code path}, padded with a quote or reason far over its limit. */
  private static byte[] oversized(String path, int size) {
    String template = switch (path) {
      case RETRACTIONS -> retraction("reason", "\"%s\"");
      case BATCH -> batch(statement("quote", "\"%s\""));
      default -> statement("quote", "\"%s\"");
    };
    return utf8(template.formatted("x".repeat(size - (template.length() - 2))));
  }

  private static final Map<String, String> STATEMENT = fields(
      "statementId", "\"corpus-1\"", "actor", "\"pete-hegseth\"", "actorName", "\"Pete Hegseth\"",
      "actorKind", "\"PERSON\"", "onBehalfOf", "\"united-states\"", "topic", "\"ukraine-nato-membership\"",
      "stance", "\"OPPOSE\"", "strength", "0.8", "quote", "\"not a realistic outcome\"",
      "sourceUrl", "\"https://example.org/a\"", "occurredAt", "\"2025-02-12T15:00:00Z\"");
  private static final Map<String, String> RETRACTION = fields(
      "statementId", "\"corpus-1\"", "actor", "\"pete-hegseth\"", "topic", "\"ukraine-nato-membership\"",
      "reason", "\"misquoted\"");

  private static String statement() {
    return json(STATEMENT, null, null);
  }

  /** The base statement with {@code field} set to the raw JSON {@code value}, or added if it is not a field. */
  private static String statement(String field, String value) {
    return json(STATEMENT, field, value);
  }

  private static String statementWithout(String field) {
    return json(STATEMENT, field, null);
  }

  /** {@code item} among valid statements, at index 3. */
  private static String batch(String item) {
    String valid = statement();
    return "[" + valid + ", " + valid + ", " + valid + ", " + item + ", " + valid + "]";
  }

  private static String retraction() {
    return json(RETRACTION, null, null);
  }

  private static String retraction(String field, String value) {
    return json(RETRACTION, field, value);
  }

  private static String retractionWithout(String field) {
    return json(RETRACTION, field, null);
  }

  /** {@code base} with {@code field} set to {@code value}, added, or left out when {@code value} is null. */
  private static String json(Map<String, String> base, String field, String value) {
    Map<String, String> fields = new LinkedHashMap<>(base);
    if (field != null) {
      if (value == null) {
        fields.remove(field);
      } else {
        fields.put(field, value);
      }
    }
    return fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static Map<String, String> fields(String... namesAndValues) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      fields.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(fields);
  }

  private static String quoted(String s) {
    return "\"" + s + "\"";
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 20) + "…(" + value.length() + " chars)";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
