package io.stancewatch.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link OpenApiAnswers} lets through and what it fails, on a document of one operation. */
class OpenApiAnswersTest {

  private static final String PROBLEM = "application/problem+json";
  private static final OpenApiAnswers DOCUMENT = OpenApiAnswers.ofText("""
      openapi: 3.0.1
      info: {title: tiny, version: "1"}
      paths:
        /pets/{name}:
          get:
            parameters:
            - {name: name, in: path, required: true, schema: {type: string}}
            responses:
              "200":
                description: the pet
                content:
                  application/json:
                    schema:
                      type: object
                      required: [name, kind, age, owner]
                      properties:
                        name: {type: string}
                        kind: {nullable: true, allOf: [{$ref: "#/components/schemas/Kind"}]}
                        age: {type: integer, format: int32}
                        owner: {type: string, nullable: true}
              "202":
                description: the pet's news as they come
                content:
                  text/event-stream:
                    schema: {type: string}
              "503":
                description: try later
                headers:
                  Retry-After: {required: true, schema: {type: integer}}
              "404":
                description: no such pet
                content:
                  application/problem+json:
                    schema:
                      type: object
                      required: [status, detail]
                      properties:
                        status: {type: integer}
                        detail: {type: string}
      components:
        schemas:
          Kind: {type: string, enum: [CAT, DOG]}
      """);

  @Test
  void anAnswerAsDocumentedPasses() {
    DOCUMENT.check("GET", "/pets/rex?verbose=1", 200, contentType("application/json"),
        "{\"name\": \"rex\", \"kind\": \"DOG\", \"age\": 3, \"owner\": \"ann\"}");
    DOCUMENT.check("GET", "/pets/tom", 200, contentType("application/json"),
        "{\"name\": \"tom\", \"kind\": null, \"age\": 3, \"owner\": null}");
    DOCUMENT.check("GET", "/pets/nobody", 404, contentType(PROBLEM), "{\"status\": 404, \"detail\": \"No pet 'nobody'\"}");
  }

  @Test
  void anUndocumentedStatusFails() {
    assertFails("GET", "/pets/rex", 400, PROBLEM, "{\"status\": 400, \"detail\": \"bad\"}");
  }

  @Test
  void aMissingRequiredFieldFails() {
    assertFails("GET", "/pets/rex", 200, "application/json", "{\"name\": \"rex\", \"kind\": \"DOG\", \"owner\": null}");
  }

  @Test
  void aProblemMissingARequiredFieldFails() {
    assertFails("GET", "/pets/nobody", 404, PROBLEM, "{\"status\": 404}");
  }

  @Test
  void aWronglyTypedFieldFails() {
    assertFails("GET", "/pets/rex", 200, "application/json",
        "{\"name\": \"rex\", \"kind\": \"DOG\", \"age\": \"three\", \"owner\": null}");
    assertFails("GET", "/pets/rex", 200, "application/json",
        "{\"name\": \"rex\", \"kind\": \"FISH\", \"age\": 3, \"owner\": null}");
  }

  @Test
  void aNullTheDocumentDoesNotAllowFails() {
    assertFails("GET", "/pets/rex", 200, "application/json", "{\"name\": null, \"kind\": \"DOG\", \"age\": 3, \"owner\": null}");
    assertFails("GET", "/pets/rex", 200, "application/json", "{\"name\": \"rex\", \"kind\": \"DOG\", \"age\": null, \"owner\": null}");
  }

  @Test
  void anUndocumentedContentTypeOrPathFails() {
    assertFails("GET", "/pets/nobody", 404, "application/json", "{\"status\": 404, \"detail\": \"No pet 'nobody'\"}");
    assertFails("GET", "/owners/ann", 200, "application/json", "{}");
  }

  @Test
  void aRequiredHeaderMustBeThereAndReadAsDocumented() {
    DOCUMENT.check("GET", "/pets/rex", 503, Map.of("retry-after", List.of("5")), null);
    assertFailsWith(Map.of(), "Retry-After");
    assertFailsWith(Map.of("Retry-After", List.of("soon")), "integer");
  }

  @Test
  void aStreamsHeadIsCheckedWithoutItsBody() {
    DOCUMENT.checkHead("GET", "/pets/rex", 202, contentType("text/event-stream"));
    assertThrows(AssertionError.class,
        () -> DOCUMENT.checkHead("GET", "/pets/rex", 202, contentType("application/json")));
    assertThrows(AssertionError.class,
        () -> DOCUMENT.checkHead("GET", "/pets/rex", 201, contentType("text/event-stream")));
  }

  private static void assertFailsWith(Map<String, List<String>> headers, String named) {
    AssertionError error = assertThrows(AssertionError.class, () -> DOCUMENT.check("GET", "/pets/rex", 503, headers, null));
    assertTrue(error.getMessage().contains(named), error.getMessage());
  }

  private static Map<String, List<String>> contentType(String contentType) {
    return Map.of("Content-Type", List.of(contentType));
  }

  private static void assertFails(String method, String path, int status, String contentType, String body) {
    AssertionError error = assertThrows(AssertionError.class,
        () -> DOCUMENT.check(method, path, status, contentType(contentType), body), body);
    assertTrue(error.getMessage().contains(path), error.getMessage());
  }
}
