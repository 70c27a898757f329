package io.stancewatch.testing;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A service's OpenAPI document as the judge of its answers: {@link #check} fails unless the
 * document describes the answer, as a client generated from the document would read it. Load
 * the document once ({@link #of}: a running service's {@code /swagger/<service>.yml}, or the
 * copy its build put on the classpath, {@code META-INF/swagger/<service>.yml}) and pass every
 * answer a test receives through it, errors included.
 *
 * <p>Atlassian's swagger-request-validator does the judging; every finding of it is an error
 * here, so an undocumented status or content type, a missing or wrongly typed field, and a null
 * the document does not allow all fail. One reading is added to it: a schema that is
 * {@code nullable} around a single {@code allOf} reference (how micronaut-openapi writes a
 * nullable enum or object field in OpenAPI 3.0) allows null, as its writer means; the library
 * alone would demand the referenced schema, which null never matches.
 */
public final class OpenApiAnswers {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String SCHEMAS = "#/components/schemas/";

  private final OpenApiInteractionValidator validator;

  private OpenApiAnswers(OpenApiInteractionValidator validator) {
    this.validator = validator;
  }

  /** The document at this address: {@code http:} for a running service, or a resource's {@code getResource} URL. */
  public static OpenApiAnswers of(URL document) {
    try (InputStream in = document.openStream()) {
      return ofText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read the OpenAPI document " + document, e);
    }
  }

  /** A document given as its YAML or JSON text. */
  public static OpenApiAnswers ofText(String document) {
    JsonNode tree;
    try {
      tree = YAML.readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException("The OpenAPI document does not read as YAML or JSON", e);
    }
    inlineNullableReferences(tree, tree.path("components").path("schemas"));
    return new OpenApiAnswers(OpenApiInteractionValidator.createForInlineApiSpecification(tree.toString())
        // The library leaves some findings at INFO or WARN by default; a test must not pass over any.
        .withLevelResolver(LevelResolver.create().withDefaultLevel(ValidationReport.Level.ERROR).build())
        .build());
  }

  /**
   * Fails with an {@link AssertionError} listing every way this answer breaks the document; a
   * header the document requires for the status (a 503's {@code Retry-After}) must be there and
   * read as its schema says.
   *
   * @param method the request's method, {@code GET}
   * @param path the request's path as sent ({@code /actors/a/stances?limit=2}); the query is ignored
   * @param status the answer's status
   * @param headers the answer's headers by name, any case, as {@code java.net.http.HttpHeaders#map()} gives them
   * @param body the answer's body, or null or empty when it had none
   */
  public void check(String method, String path, int status, Map<String, List<String>> headers, String body) {
    ValidationReport report = validate(method, path, status, headers, body);
    if (report.hasErrors()) {
      throw breaks(method, path, status, headers, report, body);
    }
  }

  /**
   * As {@link #check(String, String, int, Map, String)} for an answer whose body is still
   * streaming, such as server-sent events: its status and headers, the body not yet there.
   */
  public void checkHead(String method, String path, int status, Map<String, List<String>> headers) {
    ValidationReport report = validate(method, path, status, headers, null);
    if (report.getMessages().stream().anyMatch(m -> m.getLevel() == ValidationReport.Level.ERROR
        && !m.getKey().equals("validation.response.body.missing"))) {
      throw breaks(method, path, status, headers, report, null);
    }
  }

  private ValidationReport validate(String method, String path, int status, Map<String, List<String>> headers,
      String body) {
    SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
    headers.forEach(response::withHeader);
    if (body != null && !body.isEmpty()) {
      response.withBody(body);
    }
    int query = path.indexOf('?');
    String route = query < 0 ? path : path.substring(0, query);
    return validator.validateResponse(route, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), response.build());
  }

  private static AssertionError breaks(String method, String path, int status, Map<String, List<String>> headers,
      ValidationReport report, String body) {
    String contentType = headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
        .flatMap(h -> h.getValue().stream()).findFirst().orElse(null);
    return new AssertionError(method + " " + path + " -> " + status + " " + contentType
        + " breaks the OpenAPI document:\n" + SimpleValidationReportFormat.getInstance().apply(report)
        + "\nbody: " + body);
  }

  /** Replaces each {@code {nullable: true, allOf: [{$ref: X}]}} under {@code node} by X's schema, nullable. */
  private static void inlineNullableReferences(JsonNode node, JsonNode schemas) {
    node.forEach(child -> inlineNullableReferences(child, schemas));
    if (node instanceof ObjectNode object && object.path("nullable").asBoolean(false)
        && object.path("allOf").size() == 1 && object.path("allOf").get(0).path("$ref").asText("").startsWith(SCHEMAS)) {
      String name = object.path("allOf").get(0).path("$ref").asText().substring(SCHEMAS.length());
      JsonNode referenced = schemas.get(name);
      if (referenced == null) {
        throw new IllegalArgumentException("The OpenAPI document refers to a schema it lacks: " + name);
      }
      object.remove("allOf");
      referenced.fields().forEachRemaining(f -> object.putIfAbsent(f.getKey(), f.getValue().deepCopy()));
    }
  }
}
