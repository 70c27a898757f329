package io.stancewatch.query.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.problem.ProblemErrorResponseProcessor;
import io.stancewatch.testing.NoBroker;
import io.stancewatch.testing.OpenApiAnswers;
import io.swagger.v3.oas.annotations.Hidden;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A read that fails inside the service is answered 500 problem+json that tells the client nothing of the failure. */
class ServerErrorProblemTest {

  private static final String SPEC = "ServerErrorProblemTest";
  /** What an internal failure may carry: a store, a path, a broker address. None of it may reach a client. */
  private static final String SECRET = "secret-9d41: RocksDB at /var/lib/stancewatch/query-service is closed; kafka-0:9092";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static EmbeddedServer server;

  /** Fails the way a read could: at once, or when the future it answers with completes. */
  // Hidden: otherwise the OpenAPI processor writes a spec of this controller alone, which the test
  // classpath then serves instead of the service's.
  @Hidden
  @Requires(property = "spec.name", value = SPEC)
  @Controller("/failing")
  public static class FailingController {

    @Get("/now")
    public String now() {
      throw new IllegalStateException(SECRET);
    }

    @Get("/later")
    public CompletableFuture<String> later() {
      return CompletableFuture.failedFuture(new IllegalStateException(SECRET, new IOException(SECRET)));
    }
  }

  @BeforeAll
  static void start() {
    server = ApplicationContext.run(EmbeddedServer.class, Map.of(
        "spec.name", SPEC,
        "kafka.bootstrap.servers", NoBroker.address(),
        "micronaut.server.port", -1));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anExceptionThrownCarriesNoExceptionText() throws Exception {
    assertCarriesNoExceptionText("/failing/now");
  }

  @Test
  void aFailedFutureCarriesNoExceptionText() throws Exception {
    assertCarriesNoExceptionText("/failing/later");
  }

  private static void assertCarriesNoExceptionText(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.getURL() + path)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertEquals(500, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    assertEquals(JSON.readTree("""
        {"type": "about:blank", "title": "Internal Server Error", "status": 500, "detail": "%s"}"""
        .formatted(ProblemErrorResponseProcessor.SERVER_ERROR_DETAIL)), JSON.readTree(response.body()));
    String answer = response.headers().map() + response.body();
    assertFalse(answer.contains("secret-9d41"), answer);
    assertFalse(answer.contains("IllegalStateException"), answer);
    // Every operation documents this answer: a client generated from the document reads it as a problem.
    OpenApiAnswers.of(ServerErrorProblemTest.class.getResource("/META-INF/swagger/query-service.yml"))
        .check("GET", "/actors", 500, response.headers().map(), response.body());
  }
}
