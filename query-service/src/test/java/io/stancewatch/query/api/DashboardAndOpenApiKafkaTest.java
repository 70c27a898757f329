package io.stancewatch.query.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** What the shared query-service serves besides the API: the dashboard, its OpenAPI spec, and Swagger UI. */
class DashboardAndOpenApiKafkaTest {

  private final QueryApi api = new QueryApi(RunningQueryService.shared().getURI());

  @Test
  void dashboardIsServedAtTheRootWithoutHidingTheApi() throws Exception {
    HttpResponse<String> page = api.raw("/");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
    assertTrue(page.body().contains("<script type=\"module\" src=\"js/main.js\">"), page.body());
    HttpResponse<String> script = api.raw("/js/main.js");
    assertEquals(200, script.statusCode());
    // Browsers refuse to run an ES module served with any other type.
    assertTrue(script.headers().firstValue("Content-Type").orElse("").matches("(application|text)/javascript.*"),
        script.headers().toString());
    assertEquals("application/json", api.get("/topics").contentType());
  }

  @Test
  @SuppressWarnings("unchecked")
  void openApiSpecListsEveryQuery() throws Exception {
    HttpResponse<String> response = api.raw("/swagger/query-service.yml");
    assertEquals(200, response.statusCode());
    // The copy QueryApi checks every answer against is the one served.
    try (InputStream built = getClass().getResourceAsStream("/META-INF/swagger/query-service.yml")) {
      assertEquals(new String(built.readAllBytes(), StandardCharsets.UTF_8), response.body());
    }
    Map<String, Object> spec = new Yaml().load(response.body());

    Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) spec.get("paths");
    assertEquals(Set.of("/actors", "/actors/{actor}/stances", "/actors/{actor}/stances/{topic}", "/topics",
        "/topics/{topic}/stances", "/stances", "/changes", "/changes/stream"), paths.keySet());
    Map<String, Map<String, Object>> responses = (Map<String, Map<String, Object>>)
        ((Map<String, Object>) paths.get("/actors/{actor}/stances/{topic}").get("get")).get("responses");
    assertEquals(Set.of("application/problem+json"), ((Map<String, Object>) responses.get("404").get("content")).keySet());
  }

  @Test
  void swaggerUiIsServedFromTheService() throws Exception {
    HttpResponse<String> page = api.raw("/swagger-ui/index.html");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("'/swagger/query-service.yml'"), "the page loads this service's spec");
    assertFalse(page.body().contains("://"), "no script or style from another host: the machines may be offline");
    for (String resource : List.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css")) {
      assertTrue(page.body().contains("\"/swagger-ui/res/" + resource + "\""), resource);
      HttpResponse<String> served = api.raw("/swagger-ui/res/" + resource);
      assertEquals(200, served.statusCode(), resource);
      assertTrue(served.body().length() > 10_000, resource);
    }
  }
}
