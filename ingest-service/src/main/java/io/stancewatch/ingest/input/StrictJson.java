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
import io.stancewatch.problem.Violation;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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

  private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
    @Override
    protected Shape computeValue(Class<?> type) {
      return Shape.of(type);
    }
  };

  private StrictJson() {}

  /**
   * A bound record and what was wrong with the JSON: a field that could not be bound is left
   * null in {@code value} and named in {@code violations}; {@code value} is null only when the
   * JSON was not an object at all.
   */
  public record Bound<T>(T value, List<Violation> violations) {

    /**
     * These binding violations and the violations {@code rules} find in the value, sorted by
     * field and message; a field that could not be bound is not judged again.
     */
    public List<Violation> checkedBy(Function<T, List<Violation>> rules) {
      if (value == null) {
        return violations;
      }
      Set<String> unbound = violations.stream().map(Violation::field).collect(Collectors.toSet());
      List<Violation> all = new ArrayList<>(violations);
      rules.apply(value).stream().filter(v -> !unbound.contains(v.field())).forEach(all::add);
      all.sort(Comparator.comparing(Violation::field).thenComparing(Violation::message));
      return all;
    }
  }

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
    Shape shape = SHAPES.get(type);
    for (Iterator<String> fields = object.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!shape.names().contains(field)) {
        violations.add(new Violation(field, "is not a field of a " + item));
      }
    }
    Object[] values = new Object[shape.components().length];
    for (int i = 0; i < values.length; i++) {
      Component component = shape.components()[i];
      JsonNode value = object.get(component.name());
      if (value == null || value.isNull()) {
        continue;
      }
      try {
        Object bound = component.valueOf(value);
        // A JSON number beyond a double's range reads as infinity, which no range rule then describes.
        if (bound instanceof Double d && d.isInfinite()) {
          violations.add(new Violation(component.name(), "is out of the range of a double-precision number"));
        } else {
          values[i] = bound;
        }
      } catch (JsonProcessingException | IllegalArgumentException e) {
        violations.add(new Violation(component.name(), mustBe(component.type())));
      }
    }
    try {
      return new Bound<>(type.cast(shape.constructor().newInstance(values)), violations);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Cannot construct " + type.getSimpleName(),
          e instanceof InvocationTargetException ite ? ite.getCause() : e);
    }
  }

  /** A record type's fields and constructor, looked up once per type rather than per request. */
  private record Shape(Component[] components, Set<String> names, Constructor<?> constructor) {

    static Shape of(Class<?> type) {
      RecordComponent[] recordComponents = type.getRecordComponents();
      try {
        return new Shape(Arrays.stream(recordComponents).map(c -> Component.of(c.getName(), c.getType()))
            .toArray(Component[]::new),
            Arrays.stream(recordComponents).map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet()),
            type.getDeclaredConstructor(Arrays.stream(recordComponents).map(RecordComponent::getType)
                .toArray(Class[]::new)));
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("A record has its canonical constructor: " + type.getName(), e);
      }
    }
  }

  /** One field: its name, its type and, for an enum, its constants by name. */
  private record Component(String name, Class<?> type, Map<String, Object> constants) {

    static Component of(String name, Class<?> type) {
      return new Component(name, type, type.isEnum()
          ? Arrays.stream(type.getEnumConstants()).collect(Collectors.toUnmodifiableMap(c -> ((Enum<?>) c).name(), c -> c))
          : Map.of());
    }

    /**
     * The field's value, read straight from the node for the types statements use (what
     * Jackson's binding would give, without a parser per field); other types go through Jackson.
     */
    Object valueOf(JsonNode value) throws JsonProcessingException {
      // Exactly a constant's name: Jackson would also take it with blanks around (" SUPPORT ") or as an index.
      if (type.isEnum()) {
        Object constant = value.isTextual() ? constants.get(value.textValue()) : null;
        if (constant == null) {
          throw new IllegalArgumentException("not a constant of " + type.getSimpleName());
        }
        return constant;
      }
      // Coercion from numbers and booleans is off, so only a JSON string binds to a String.
      if (type == String.class) {
        if (!value.isTextual()) {
          throw new IllegalArgumentException("not a JSON string");
        }
        return value.textValue();
      }
      // Jackson reads the strings "NaN" and "Infinity" as numbers whatever the coercion config says.
      if (Number.class.isAssignableFrom(type) && !value.isNumber()) {
        throw new IllegalArgumentException("not a JSON number");
      }
      return type == Double.class ? value.doubleValue() : MAPPER.treeToValue(value, type);
    }
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
