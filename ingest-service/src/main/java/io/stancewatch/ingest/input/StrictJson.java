package io.stancewatch.ingest.input;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.stancewatch.ingest.problem.InvalidRequestException;
import io.stancewatch.ingest.problem.Violation;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Binds request bodies the way the contract reads them: unknown and duplicate fields, type
 * coercions ({@code "0.5"} for a number, {@code 5} for a string or an enum) and trailing
 * content are errors, each reported against the JSON field it concerns.
 */
public final class StrictJson {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Textual, c -> c
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Float, c -> c
          .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Enum, c -> c
          .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
      .build();

  private StrictJson() {}

  /** Binds {@code body} to {@code type}; {@code item} names what it holds ("statement") in messages. */
  public static <T> T read(byte[] body, Class<T> type, String item) {
    try {
      return MAPPER.readValue(body, type);
    } catch (UnrecognizedPropertyException e) {
      throw invalid(item, new Violation(field(e), "is not a field of a " + item));
    } catch (InvalidFormatException e) {
      throw invalid(item, new Violation(field(e), mustBe(e.getTargetType())));
    } catch (MismatchedInputException e) {
      if (e.getPath().isEmpty()) {
        throw new InvalidRequestException(type.isArray() ? "The body must be a JSON array of " + item + "s"
            : "The body must be a " + item + " as a JSON object", List.of());
      }
      throw invalid(item, new Violation(field(e), mustBe(e.getTargetType())));
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("Malformed JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr()
              + ", column " + e.getLocation().getColumnNr() + ")"), List.of());
    } catch (IOException e) {
      throw new InvalidRequestException("Unreadable body: " + e.getMessage(), List.of());
    }
  }

  private static InvalidRequestException invalid(String item, Violation violation) {
    return new InvalidRequestException(InvalidRequestException.detailFor(item), List.of(violation));
  }

  /** The path of the offending value as a user writes it: {@code stance}, {@code [3].stance}. */
  private static String field(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String mustBe(Class<?> type) {
    if (type == null) {
      return "has the wrong type";
    }
    if (type.isEnum()) {
      return "must be one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
          .collect(Collectors.joining(", "));
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "must be a JSON number";
    }
    if (type == String.class) {
      return "must be a JSON string";
    }
    return "must be a JSON " + (type.isArray() || List.class.isAssignableFrom(type) ? "array" : "object");
  }
}
