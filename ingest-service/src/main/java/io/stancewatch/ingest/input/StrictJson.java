package io.stancewatch.ingest.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.stancewatch.ingest.problem.InvalidRequestException;
import io.stancewatch.ingest.problem.Violation;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds request bodies to records the way the contract reads them: unknown and duplicate
 * fields, type coercions ({@code "0.5"} for a number, {@code 5} for a string or an enum) and
 * trailing content are errors. Fields are bound one by one, so every wrong field is reported
 * at once, each by its JSON path ({@code stance}, {@code [3].stance}).
 */
public final class StrictJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Textual, c -> c
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .build();

  private StrictJson() {}

  /**
   * A bound record and what was wrong with the JSON: a field that could not be bound is left
   * null in {@code value} and named in {@code violations}; {@code value} is null only when the
   * JSON was not an object at all.
   */
  public record Bound<T>(T value, List<Violation> violations) {}

  /**
   * Binds a JSON object to the record {@code type}; {@code item} names it in messages ("statement").
   * A null body is an empty one: the framework binds an empty body as null.
   */
  public static <T extends Record> Bound<T> read(byte[] body, Class<T> type, String item) {
    JsonNode tree = parse(body);
    if (!tree.isObject()) {
      throw new InvalidRequestException("The body must be a " + item + " as a JSON object", List.of());
    }
    return bind(tree, type, item);
  }

  /** Binds a JSON array of objects, each to the record {@code type}; violations are relative to the element. */
  public static <T extends Record> List<Bound<T>> readArray(byte[] body, Class<T> type, String item) {
    JsonNode tree = parse(body);
    if (!tree.isArray()) {
      throw new InvalidRequestException("The body must be a JSON array of " + item + "s", List.of());
    }
    List<Bound<T>> bound = new ArrayList<>();
    for (JsonNode element : tree) {
      bound.add(element.isObject() ? bind(element, type, item)
          : new Bound<>(null, List.of(new Violation("", "must be a " + item + " as a JSON object"))));
    }
    return bound;
  }

  private static JsonNode parse(byte[] body) {
    if (body == null) {
      throw new InvalidRequestException("The body is empty", List.of());
    }
    try {
      JsonNode tree = MAPPER.readTree(body);
      if (tree == null || tree.isMissingNode()) {
        throw new InvalidRequestException("The body is empty", List.of());
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("Malformed JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr() + ")"), List.of());
    } catch (IOException e) {
      throw new InvalidRequestException("Unreadable body: " + e.getMessage(), List.of());
    }
  }

  private static <T extends Record> Bound<T> bind(JsonNode object, Class<T> type, String item) {
    List<Violation> violations = new ArrayList<>();
    RecordComponent[] components = type.getRecordComponents();
    Set<String> names = Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
    for (Iterator<String> fields = object.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!names.contains(field)) {
        violations.add(new Violation(field, "is not a field of a " + item));
      }
    }
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      JsonNode value = object.get(components[i].getName());
      if (value == null || value.isNull()) {
        continue;
      }
      try {
        Object bound = valueOf(value, components[i].getType());
        // A JSON number beyond a double's range reads as infinity, which no range rule then describes.
        if (bound instanceof Double d && d.isInfinite()) {
          violations.add(new Violation(components[i].getName(), "is out of the range of a double-precision number"));
        } else {
          values[i] = bound;
        }
      } catch (JsonProcessingException | IllegalArgumentException e) {
        violations.add(new Violation(components[i].getName(), mustBe(components[i].getType())));
      }
    }
    try {
      T value = type.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new))
          .newInstance(values);
      return new Bound<>(value, violations);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot construct " + type.getSimpleName(),
          e instanceof InvocationTargetException ite ? ite.getCause() : e);
    }
  }

  private static Object valueOf(JsonNode value, Class<?> type) throws JsonProcessingException {
    if (type.isEnum()) {
      return constant(value, type);
    }
    // Jackson reads the strings "NaN" and "Infinity" as numbers whatever the coercion config says.
    if (Number.class.isAssignableFrom(type) && !value.isNumber()) {
      throw new IllegalArgumentException("not a JSON number");
    }
    return MAPPER.treeToValue(value, type);
  }

  /** Exactly a constant's name: Jackson would also take it with blanks around ({@code " SUPPORT "}) or as an index. */
  private static Object constant(JsonNode value, Class<?> type) {
    return Arrays.stream(type.getEnumConstants())
        .filter(c -> value.isTextual() && ((Enum<?>) c).name().equals(value.textValue()))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("not a constant of " + type.getSimpleName()));
  }

  private static String mustBe(Class<?> type) {
    if (type.isEnum()) {
      return "must be one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
          .collect(Collectors.joining(", "));
    }
    if (Number.class.isAssignableFrom(type)) {
      return "must be a JSON number";
    }
    return type == String.class ? "must be a JSON string" : "has the wrong JSON type";
  }
}
