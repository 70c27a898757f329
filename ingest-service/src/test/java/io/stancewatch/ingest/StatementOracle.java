package io.stancewatch.ingest;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Contract section 2 written out a second time, apart from the service's binding and rules, to
 * judge random bodies: whether a body is a valid statement or batch. Numbers are read exactly
 * (a strength of 1e400 is above 1, not infinite); lengths count Java chars, as the service does.
 */
final class StatementOracle {

  private static final ObjectMapper STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern STATEMENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  // Nanosecond precision at most: the log stores a java.time.Instant.
  private static final Pattern DATE_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");
  private static final Set<String> REQUIRED = Set.of("actor", "topic", "stance", "occurredAt");
  private static final Map<String, Predicate<JsonNode>> RULES = Map.ofEntries(
      Map.entry("statementId", v -> text(v, 128) && STATEMENT_ID.matcher(v.textValue()).matches()),
      Map.entry("actor", v -> text(v, 64) && SLUG.matcher(v.textValue()).matches()),
      Map.entry("actorName", v -> text(v, 200)),
      Map.entry("actorKind", v -> v.isTextual() && Set.of("PERSON", "GOVERNMENT", "ORGANIZATION", "OTHER")
          .contains(v.textValue())),
      Map.entry("onBehalfOf", v -> text(v, 64) && SLUG.matcher(v.textValue()).matches()),
      Map.entry("topic", v -> text(v, 128) && SLUG.matcher(v.textValue()).matches()),
      Map.entry("stance", v -> v.isTextual() && Set.of("SUPPORT", "OPPOSE", "NEUTRAL").contains(v.textValue())),
      Map.entry("strength", v -> v.isNumber() && v.decimalValue().compareTo(BigDecimal.ZERO) >= 0
          && v.decimalValue().compareTo(BigDecimal.ONE) <= 0),
      Map.entry("quote", v -> text(v, 2000)),
      Map.entry("sourceUrl", v -> text(v, 2048) && httpUrl(v.textValue())),
      Map.entry("occurredAt", v -> text(v, Integer.MAX_VALUE) && atMostFiveMinutesAhead(v.textValue())));

  private StatementOracle() {}

  static boolean isStatement(byte[] body) {
    JsonNode tree = parse(body);
    return tree != null && isStatement(tree);
  }

  static boolean isBatch(byte[] body) {
    JsonNode tree = parse(body);
    if (tree == null || !tree.isArray() || tree.isEmpty() || tree.size() > 1000) {
      return false;
    }
    for (JsonNode item : tree) {
      if (!isStatement(item)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isStatement(JsonNode node) {
    if (!node.isObject()) {
      return false;
    }
    for (String field : REQUIRED) {
      if (node.path(field).isNull() || node.path(field).isMissingNode()) {
        return false;
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      Predicate<JsonNode> rule = RULES.get(field.getKey());
      if (rule == null || !field.getValue().isNull() && !rule.test(field.getValue())) {
        return false;
      }
    }
    return !node.path("onBehalfOf").isTextual() || !node.path("onBehalfOf").equals(node.path("actor"));
  }

  /** A string of at most {@code max} chars without NUL. */
  private static boolean text(JsonNode value, int max) {
    return value.isTextual() && value.textValue().length() <= max && value.textValue().indexOf('\0') < 0;
  }

  private static boolean httpUrl(String value) {
    try {
      URI uri = new URI(value);
      return uri.getScheme() != null && Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean atMostFiveMinutesAhead(String value) {
    if (!DATE_TIME.matcher(value).matches()) {
      return false;
    }
    try {
      return !OffsetDateTime.parse(value.toUpperCase(Locale.ROOT)).toInstant()
          .isAfter(Instant.now().plus(Duration.ofMinutes(5)));
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** The JSON value of the body, or null if it is not exactly one. */
  private static JsonNode parse(byte[] body) {
    try {
      JsonNode tree = STRICT.readTree(body);
      return tree == null || tree.isMissingNode() ? null : tree;
    } catch (IOException e) {
      return null;
    }
  }
}
