package io.stancewatch.query.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stancewatch.testing.OpenApiAnswers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * GETs to one query-service, their answers read as JSON, and what every HTTP test asserts of an
 * answer. Every answer {@link #get} receives, errors included, must be one that the service's
 * OpenAPI document describes ({@link OpenApiAnswers}), so the tests also keep the document true.
 */
final class QueryApi {

  /** An answer: its status, its Content-Type, and its body as JSON ({@code {}} when empty). */
  record Response(int status, String contentType, JsonNode body) {}

  /** A path the service has no route for. */
  static final String NO_SUCH_ROUTE = "/no-such-route";
  /** Paths the tests GET that are not the API, so not in its document: management endpoints, and no route at all. */
  private static final Set<String> OUTSIDE_THE_DOCUMENT = Set.of("/health", "/prometheus", NO_SUCH_ROUTE);
  /** The document the build generated; the service serves this file at /swagger/query-service.yml. */
  private static final OpenApiAnswers DOCUMENT =
      OpenApiAnswers.of(QueryApi.class.getResource("/META-INF/swagger/query-service.yml"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final URI base;

  QueryApi(URI base) {
    this.base = base;
  }

  URI uri(String path) {
    return base.resolve(path);
  }

  HttpResponse<String> raw(String path) throws IOException, InterruptedException {
    return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
  }

  Response get(String path) throws IOException, InterruptedException {
    return response(raw(path));
  }

  /** Sends the GET and returns at once: the future completes when the answer has arrived. */
  CompletableFuture<Response> getAsync(String path) {
    return HTTP.sendAsync(request(path), HttpResponse.BodyHandlers.ofString()).thenApply(QueryApi::response);
  }

  /** The body of a 200 answer. */
  JsonNode ok(String path) throws IOException, InterruptedException {
    Response r = get(path);
    assertEquals(200, r.status(), path + " -> " + r.body());
    return r.body();
  }

  /** Asserts a problem+json answer of this status, with a detail, and naming {@code field} first when not null. */
  void assertProblem(String path, int status, String field) throws IOException, InterruptedException {
    Response r = get(path);
    assertEquals(status, r.status(), r.body().toString());
    assertEquals("application/problem+json", r.contentType(), path);
    assertEquals(status, r.body().get("status").asInt());
    assertTrue(r.body().hasNonNull("detail"), r.body().toString());
    if (field != null) {
      assertEquals(field, r.body().get("violations").get(0).get("field").asText());
    }
  }

  /** The samples of {@code /prometheus}, by name and labels as written ({@code name{a="1",b="2"}}). */
  Map<String, Double> prometheus() throws IOException, InterruptedException {
    HttpResponse<String> response = raw("/prometheus");
    assertEquals(200, response.statusCode());
    Map<String, Double> samples = new HashMap<>();
    for (String line : response.body().split("\n")) {
      int space = line.lastIndexOf(' ');
      if (!line.startsWith("#") && space > 0) {
        samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      }
    }
    return samples;
  }

  /** The item of {@code items} whose {@code field} is {@code value}. */
  static JsonNode find(JsonNode items, String field, String value) {
    for (JsonNode item : items) {
      if (item.get(field).asText().equals(value)) {
        return item;
      }
    }
    throw new AssertionError(value + " not in " + items);
  }

  /**
   * Every item of a paged list, read a page of {@code limit} at a time from {@code path} (which
   * holds a query) through each {@code next}, each described; fails at the first item read twice
   * rather than page on forever.
   */
  List<String> allPages(String path, String itemsField, int limit, Function<JsonNode, String> describe)
      throws IOException, InterruptedException {
    Set<String> read = new LinkedHashSet<>();
    String next = null;
    do {
      JsonNode page = ok(path + "&limit=" + limit + (next == null ? "" : "&cursor=" + next));
      assertTrue(page.get(itemsField).size() <= limit, page.toString());
      for (JsonNode item : page.get(itemsField)) {
        String described = describe.apply(item);
        assertTrue(read.add(described), () -> path + " read again: " + described);
      }
      next = page.get("next").isNull() ? null : page.get("next").asText();
    } while (next != null);
    return List.copyOf(read);
  }

  /** Each element's {@code field} as text; with a null field, each element itself. */
  static List<String> texts(JsonNode array, String field) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(field == null ? (n.isValueNode() ? n.asText() : n.toString()) : n.get(field).asText()));
    return texts;
  }

  private HttpRequest request(String path) {
    return HttpRequest.newBuilder(uri(path)).build();
  }

  /** Checks a streamed answer's status and headers against the document; its body is still to come. */
  static void checkHead(HttpResponse<?> r) {
    DOCUMENT.checkHead("GET", r.request().uri().getRawPath(), r.statusCode(), r.headers().map());
  }

  private static Response response(HttpResponse<String> r) {
    URI sent = r.request().uri();
    String contentType = r.headers().firstValue("Content-Type").orElse(null);
    if (!OUTSIDE_THE_DOCUMENT.contains(sent.getPath())) {
      DOCUMENT.check("GET", sent.getRawPath(), r.statusCode(), r.headers().map(), r.body());
    }
    try {
      return new Response(r.statusCode(), contentType == null ? "" : contentType,
          JSON.readTree(r.body().isEmpty() ? "{}" : r.body()));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
