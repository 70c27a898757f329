package io.stancewatch.query.bench;

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

/** The bench's no-op GET answers any path below /bench/noop, and only when the bench switched it on. */
class NoopGetControllerTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void answersAnyPathWhenSwitchedOn() throws Exception {
    try (EmbeddedServer server = start("bench")) {
      assertEquals(200, get(server, "/bench/noop/actors/pete-hegseth/stances/ceasefire"));
      assertEquals(200, get(server, "/bench/noop/anything"));
    }
  }

  @Test
  void doesNotExistByDefault() throws Exception {
    try (EmbeddedServer server = start()) {
      assertEquals(404, get(server, "/bench/noop/actors/pete-hegseth/stances/ceasefire"));
    }
  }

  private static EmbeddedServer start(String... environments) {
    return ApplicationContext.run(EmbeddedServer.class, Map.of(
        "kafka.bootstrap.servers", NoBroker.address(),
        "micronaut.server.port", -1), environments);
  }

  private static int get(EmbeddedServer server, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
