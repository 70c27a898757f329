package io.stancewatch.ingest.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import org.junit.jupiter.api.Test;

/** The framework's own errors as problem+json. */
class ProblemErrorResponseProcessorTest {

  private final ProblemErrorResponseProcessor processor = new ProblemErrorResponseProcessor();

  @Test
  void serverErrorTellsTheStatusNotTheInternals() {
    ErrorContext context = ErrorContext.builder(HttpRequest.POST("/statements", "{}"))
        .cause(new IllegalStateException("Error instantiating bean of type [StatementController]"))
        .errorMessage("Internal Server Error: Error instantiating bean of type [StatementController]")
        .build();

    Problem problem = processor.processResponse(context, HttpResponse.serverError()).body();

    assertEquals(new Problem("about:blank", "Internal Server Error", 500, "Internal Server Error", null, null), problem);
  }

  @Test
  void clientErrorKeepsTheFrameworksExplanation() {
    ErrorContext context = ErrorContext.builder(HttpRequest.POST("/statements", "{}"))
        .errorMessage("Content Type [text/plain] not allowed. Allowed types: [application/json]")
        .build();

    Problem problem = processor.processResponse(context, HttpResponse.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)).body();

    assertEquals("Content Type [text/plain] not allowed. Allowed types: [application/json]", problem.detail());
    assertEquals(415, problem.status());
  }
}
