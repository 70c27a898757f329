package io.stancewatch.ingest.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.testing.NoBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's no-op POST: behind the same token check, answered 202, and absent unless switched on. */
class NoopPostControllerTest {

  private static final String TOKEN = "test-ingest-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void answers202BehindTheTokenCheckWhenSwitchedOn() throws Exception {
    try (EmbeddedServer server = start("bench")) {
      assertEquals(202, post(server, TOKEN));
      assertEquals(401, post(server, "wrong"));
    }
  }

  @Test
  void doesNotExistByDefault() throws Exception {
    try (EmbeddedServer server = start()) {
      assertEquals(404, post(server, TOKEN));
    }
  }

  private static EmbeddedServer start(String... environments) {
    return ApplicationContext.run(EmbeddedServer.class, Map.of(
        "kafka.bootstrap.servers", NoBroker.address(),
        "stancewatch.ingest.token", TOKEN,
        "micronaut.server.port", -1), environments);
  }

  private static int post(EmbeddedServer server, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + "/bench/noop"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"actor\": \"pete-hegseth\"}")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
