package io.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random bodies and random damage to a valid statement, posted to the running service on the
 * real broker: never a 5xx, every rejection a 400 problem+json, and a 202 exactly when the
 * body is valid by {@link StatementOracle}.
 */
class RandomBodiesPropertyKafkaTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATEMENTS = "/statements";
  private static final String BATCH = "/statements/batch";
  private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
  private static final Map<String, String> STATEMENT = statement();
  private static final List<String> FIELDS = List.of("statementId", "actor", "actorName", "actorKind", "onBehalfOf",
      "topic", "stance", "strength", "quote", "sourceUrl", "occurredAt", "mood", "Actor", "actor ");

  @Property(tries = 120)
  void damagedStatementTextIsAcceptedOnlyWhenStillValid(@ForAll("damagedStatementText") String body) throws Exception {
    Statistics.label("valid").collect(answersAsTheContractSays(STATEMENTS, utf8(body)));
  }

  @Property(tries = 120)
  void statementWithSwappedFieldsIsAcceptedOnlyWhenStillValid(@ForAll("swappedFields") String body)
      throws Exception {
    bothOutcomesAreCovered(answersAsTheContractSays(STATEMENTS, utf8(body)));
  }

  @Property(tries = 80)
  void batchIsAcceptedOnlyWhenEveryItemIsValid(@ForAll("batches") String body) throws Exception {
    bothOutcomesAreCovered(answersAsTheContractSays(BATCH, utf8(body)));
  }

  @Property(tries = 60)
  void anyJsonValueIsAnsweredAsTheContractSays(@ForAll("jsonValues") String body) throws Exception {
    answersAsTheContractSays(STATEMENTS, utf8(body));
    answersAsTheContractSays(BATCH, utf8(body));
  }

  @Property(tries = 40)
  void anyBytesAreAnsweredAsTheContractSays(@ForAll("bytes") byte[] body) throws Exception {
    answersAsTheContractSays(STATEMENTS, body);
  }

  /** A generator that made only valid or only invalid bodies would test half the claim. */
  private static void bothOutcomesAreCovered(boolean valid) {
    Statistics.label("valid").collect(valid);
    Statistics.label("valid").coverage(c -> {
      c.check(true).percentage(p -> p >= 2);
      c.check(false).percentage(p -> p >= 2);
    });
  }

  /** Posts the body and checks the answer against the oracle; whether the body was valid. */
  private static boolean answersAsTheContractSays(String path, byte[] body) throws Exception {
    boolean valid = path.equals(BATCH) ? StatementOracle.isBatch(body) : StatementOracle.isStatement(body);
    HttpResponse<String> response = RunningIngestService.post(RunningIngestService.uri(), path,
        "Bearer " + RunningIngestService.TOKEN, "application/json", body, false);
    String sent = new String(body, StandardCharsets.UTF_8);
    String seen = path + " " + abbreviate(sent) + " -> " + response.statusCode() + " " + response.body();

    assertTrue(response.statusCode() < 500, seen);
    if (valid) {
      assertEquals(202, response.statusCode(), seen);
      assertTrue(JSON.readTree(response.body()).hasNonNull("consistencyToken"), seen);
      return true;
    }
    assertEquals(400, response.statusCode(), seen);
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), seen);
    JsonNode problem = JSON.readTree(response.body());
    assertEquals(400, problem.path("status").asInt(), seen);
    assertEquals("Bad Request", problem.path("title").asText(), seen);
    assertFalse(problem.path("detail").asText().isBlank(), seen);
    return false;
  }

  /** The valid statement's text with one to four characters dropped, doubled, swapped, replaced or inserted, or cut. */
  @Provide
  Arbitrary<String> damagedStatementText() {
    return damage(json(STATEMENT));
  }

  /**
   * The valid statement with one to three fields left out, added, or set to another valid value,
   * a value near a rule's edge, or a JSON value of any type.
   */
  @Provide
  Arbitrary<String> swappedFields() {
    return changed(Arbitraries.of(FIELDS).flatMap(field -> Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(new FieldChange(field, null))),
        Tuple.of(4, validValue(field).map(v -> new FieldChange(field, v))),
        Tuple.of(2, nearlyValidValues().map(v -> new FieldChange(field, v))),
        Tuple.of(2, jsonValues().map(v -> new FieldChange(field, v))))));
  }

  /** The valid statement with one to three of its fields set to other valid values. */
  private static Arbitrary<String> validStatements() {
    return changed(Arbitraries.of(STATEMENT.keySet()).flatMap(field ->
        validValue(field).map(v -> new FieldChange(field, v))));
  }

  private static Arbitrary<String> changed(Arbitrary<FieldChange> change) {
    return change.list().ofMinSize(1).ofMaxSize(3).map(changes -> {
      Map<String, String> fields = new LinkedHashMap<>(STATEMENT);
      changes.forEach(c -> {
        if (c.value() == null) {
          fields.remove(c.field());
        } else {
          fields.put(c.field(), c.value());
        }
      });
      return json(fields);
    });
  }

  /** A field set to the raw JSON {@code value}, or left out when it is null. */
  record FieldChange(String field, String value) {}

  /** Raw JSON that the contract accepts for {@code field}; any string for a field that is not one. */
  private static Arbitrary<String> validValue(String field) {
    if (field.equals("strength")) {
      return Arbitraries.doubles().between(0, 1).map(String::valueOf);
    }
    Arbitrary<String> slug = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
        .ofMinLength(1).ofMaxLength(8).list().ofMinSize(1).ofMaxSize(4).map(words -> String.join("-", words));
    Arbitrary<String> value = switch (field) {
      case "statementId" -> Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z')
          .withCharRange('0', '9').withChars("._:-").ofMinLength(1).ofMaxLength(128);
      case "actor", "onBehalfOf", "topic" -> slug;
      case "actorName", "quote" -> strings().filter(t -> t.indexOf('\0') < 0);
      case "actorKind" -> Arbitraries.of("PERSON", "GOVERNMENT", "ORGANIZATION", "OTHER");
      case "stance" -> Arbitraries.of("SUPPORT", "OPPOSE", "NEUTRAL");
      case "sourceUrl" -> Combinators.combine(Arbitraries.of("http://", "https://", "HTTPS://"),
              Arbitraries.strings().withCharRange('a', 'z').withChars("/-._~").ofMaxLength(40))
          .as((scheme, path) -> scheme + "example.org/" + path);
      case "occurredAt" -> Combinators.combine(
              Arbitraries.longs().between(Instant.parse("1900-01-01T00:00:00Z").getEpochSecond(),
                  Instant.now().getEpochSecond()),
              Arbitraries.integers().between(0, 999_999_999), Arbitraries.integers().between(-18 * 60, 18 * 60))
          .as((seconds, nanos, offsetMinutes) -> OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds, nanos),
              ZoneOffset.ofTotalSeconds(offsetMinutes * 60)).format(RFC_3339));
      default -> strings();
    };
    return value.map(RandomBodiesPropertyKafkaTest::quote);
  }

  @Provide
  Arbitrary<String> batches() {
    Arbitrary<String> item = Arbitraries.frequencyOf(Tuple.of(6, validStatements()),
        Tuple.of(1, swappedFields()), Tuple.of(1, damagedStatementText()), Tuple.of(1, jsonValues()));
    Arbitrary<String> batch = item.list().ofMaxSize(5).map(items -> "[" + String.join(", ", items) + "]");
    return Arbitraries.frequencyOf(Tuple.of(3, batch), Tuple.of(1, batch.flatMap(RandomBodiesPropertyKafkaTest::damage)));
  }

  /** Any JSON value: scalars, strings of any characters, huge numbers, nesting up to thousands deep. */
  @Provide
  Arbitrary<String> jsonValues() {
    Arbitrary<String> scalars = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.of("null", "true", "false", "0", "-0", "1", "0.5", "1e400", "-1e400", "1e-400",
            "1E+2", "-1.5e-3", "123456789012345678901234567890")),
        Tuple.of(1, Arbitraries.integers().map(String::valueOf)),
        Tuple.of(1, Arbitraries.doubles().map(String::valueOf)),
        Tuple.of(1, Arbitraries.integers().between(1, 1100).map("9"::repeat)),
        Tuple.of(3, strings().map(RandomBodiesPropertyKafkaTest::quote)));
    Arbitrary<String> nested = Arbitraries.recursive(() -> scalars, values -> Arbitraries.oneOf(
        values.list().ofMaxSize(3).map(list -> "[" + String.join(",", list) + "]"),
        Combinators.combine(Arbitraries.oneOf(Arbitraries.of(FIELDS), strings()), values)
            .as((name, value) -> quote(name) + ":" + value)
            .list().ofMaxSize(3).map(members -> "{" + String.join(",", members) + "}")), 0, 3);
    Arbitrary<String> deep = Arbitraries.integers().between(2, 3000).flatMap(depth -> Arbitraries.of(
        "[".repeat(depth) + "]".repeat(depth), "{\"a\":".repeat(depth) + "1" + "}".repeat(depth)));
    return Arbitraries.frequencyOf(Tuple.of(6, nested), Tuple.of(1, deep));
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
  }

  /** Strings close to what a field accepts, around its edges. */
  private static Arbitrary<String> nearlyValidValues() {
    Arbitrary<String> slugs = Arbitraries.strings().withChars("abz09-A_ .").ofMaxLength(12);
    Arbitrary<String> atLengthLimits = Arbitraries.of(63, 64, 65, 127, 128, 129, 199, 200, 201, 1999, 2000, 2001)
        .map("a"::repeat);
    Arbitrary<String> urls = Arbitraries.of("https://example.org/a", "http://example.org", "HTTPS://EXAMPLE.ORG/",
        "ftp://example.org/a", "example.org", "https://", "https:///a", "//example.org/a", "https://example.org/a b",
        "https://" + "e".repeat(2040) + ".org", "https://ex\u00e4mple.org/");
    Arbitrary<String> dates = Arbitraries.of("2025-02-12T15:00:00Z", "2025-02-12t15:00:00z", "2025-02-12T15:00:00+01:00",
        "2025-02-12T15:00:00.123456789Z", "2025-02-12T15:00:00.1234567890Z", "2025-02-12T15:00:00", "2025-02-12",
        "2025-02-29T00:00:00Z", "2024-02-29T00:00:00Z", "2025-02-12T23:59:60Z", "2025-02-12T15:00:00+18:00",
        "2025-02-12T15:00:00+19:00", "2999-01-01T00:00:00Z", "0000-01-01T00:00:00Z");
    Arbitrary<String> labels = Arbitraries.of("SUPPORT", "OPPOSE", "NEUTRAL", "PERSON", "GOVERNMENT", "ORGANIZATION",
        "OTHER", "support", " SUPPORT", "SUPPORT\u0000", "");
    Arbitrary<String> numbersAsStrings = Arbitraries.of("0.5", "1", "NaN", "Infinity", "-Infinity", "0x1");
    Arbitrary<String> strings = Arbitraries.oneOf(slugs, atLengthLimits, urls, dates, labels, numbersAsStrings, strings());
    Arbitrary<String> numbers = Arbitraries.of("0", "1", "0.0", "1.0", "-0.0", "0.999999", "1.000001", "-0.000001",
        "2", "1e0", "1E-1", "100e-2");
    return Arbitraries.frequencyOf(Tuple.of(4, strings.map(RandomBodiesPropertyKafkaTest::quote)), Tuple.of(1, numbers));
  }

  /** Strings of any characters. */
  private static Arbitrary<String> strings() {
    return character().list().ofMaxSize(20).map(cs -> String.join("", cs));
  }

  /** ASCII, JSON syntax, control characters and NUL, or any code point (a lone surrogate included). */
  private static Arbitrary<String> character() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.chars().range(' ', '~').map(String::valueOf)),
        Tuple.of(1, Arbitraries.of("{", "}", "[", "]", "\"", ":", ",", "\\", "\u0000", "\n", "\u2028", "\uFEFF")),
        Tuple.of(1, Arbitraries.integers().between(0, Character.MAX_CODE_POINT).map(Character::toString)));
  }

  private static Arbitrary<String> damage(String text) {
    Arbitrary<Damage> damage = Combinators.combine(Arbitraries.of(Damage.Kind.class),
        Arbitraries.doubles().between(0, 1), character())
        .as(Damage::new);
    return damage.list().ofMinSize(1).ofMaxSize(4).map(all -> {
      String damaged = text;
      for (Damage d : all) {
        damaged = d.applyTo(damaged);
      }
      return damaged;
    });
  }

  /** One edit of a text at a relative position {@code at} in [0, 1]. */
  record Damage(Kind kind, double at, String character) {
    enum Kind { DROP, DOUBLE, SWAP, REPLACE, INSERT, CUT }

    String applyTo(String text) {
      if (text.isEmpty()) {
        return kind == Kind.INSERT ? character : text;
      }
      int i = Math.min((int) (at * text.length()), text.length() - 1);
      return switch (kind) {
        case DROP -> text.substring(0, i) + text.substring(i + 1);
        case DOUBLE -> text.substring(0, i + 1) + text.substring(i);
        case SWAP -> i + 1 < text.length()
            ? text.substring(0, i) + text.charAt(i + 1) + text.charAt(i) + text.substring(i + 2) : text;
        case REPLACE -> text.substring(0, i) + character + text.substring(i + 1);
        case INSERT -> text.substring(0, i) + character + text.substring(i);
        case CUT -> text.substring(0, i);
      };
    }
  }

  private static Map<String, String> statement() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("statementId", "\"fuzz-1\"");
    fields.put("actor", "\"pete-hegseth\"");
    fields.put("actorName", "\"Pete Hegseth\"");
    fields.put("actorKind", "\"PERSON\"");
    fields.put("onBehalfOf", "\"united-states\"");
    fields.put("topic", "\"ukraine-nato-membership\"");
    fields.put("stance", "\"OPPOSE\"");
    fields.put("strength", "0.8");
    fields.put("quote", "\"not a realistic outcome\"");
    fields.put("sourceUrl", "\"https://example.org/a\"");
    fields.put("occurredAt", "\"2025-02-12T15:00:00Z\"");
    return Collections.unmodifiableMap(fields);
  }

  private static String json(Map<String, String> fields) {
    return fields.entrySet().stream().map(e -> quote(e.getKey()) + ": " + e.getValue())
        .collect(Collectors.joining(", ", "{", "}"));
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 400 ? s : s.substring(0, 400) + "…(" + s.length() + " chars)";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
