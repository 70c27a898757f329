package io.stancewatch.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The framework's own errors as problem+json. */
class ProblemErrorResponseProcessorTest {

  private final ProblemErrorResponseProcessor processor = new ProblemErrorResponseProcessor();

  @ParameterizedTest
  @EnumSource(value = HttpStatus.class, names = {"INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "GATEWAY_TIMEOUT"})
  void serverErrorTellsTheStatusNotTheInternals(HttpStatus status) {
    ErrorContext context = ErrorContext.builder(HttpRequest.POST("/statements", "{}"))
        .cause(new IllegalStateException("Error instantiating bean of type [StatementController]"))
        .error(new PathError("actor", "Error instantiating bean of type [StatementController]"))
        .build();

    Problem problem = processor.processResponse(context, HttpResponse.status(status)).body();

    assertEquals(new Problem("about:blank", status.getReason(), status.getCode(),
        "The service failed to answer this request; the cause is in its log.", null, null), problem);
  }

  @Test
  void clientErrorKeepsTheFrameworksExplanation() {
    ErrorContext context = ErrorContext.builder(HttpRequest.POST("/statements", "{}"))
        .errorMessage("Content Type [text/plain] not allowed. Allowed types: [application/json]")
        .build();

    Problem problem = processor.processResponse(context, HttpResponse.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)).body();

    assertEquals(new Problem("about:blank", "Unsupported Media Type", 415,
        "Content Type [text/plain] not allowed. Allowed types: [application/json]", null, null), problem);
  }

  @Test
  void clientErrorWithAPathNamesTheField() {
    ErrorContext context = ErrorContext.builder(HttpRequest.GET("/changes?limit=x"))
        .error(new PathError("limit", "Failed to convert argument [limit]"))
        .build();

    Problem problem = processor.processResponse(context, HttpResponse.badRequest()).body();

    assertEquals(List.of(new Violation("limit", "Failed to convert argument [limit]")), problem.violations());
    assertEquals("Failed to convert argument [limit]", problem.detail());
  }

  /** An error the framework reports against one path. */
  private record PathError(String path, String message) implements Error {

    @Override
    public Optional<String> getPath() {
      return Optional.of(path);
    }

    @Override
    public String getMessage() {
      return message;
    }
  }
}
