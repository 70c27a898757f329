package io.stancewatch.ingest.problem;

import io.micronaut.http.HttpHeaders;
import io.stancewatch.ingest.IngestApplication;
import io.stancewatch.problem.Problem;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What every write controller answers besides its 202 (contract section 3), declared once for
 * the OpenAPI document: the ingest token, and each error status with the problem members it
 * really carries. The annotation processor reads it as a stereotype of the controller class.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SecurityRequirement(name = IngestApplication.INGEST_TOKEN)
@ApiResponse(responseCode = "400", description = "Invalid JSON or input; `violations` names every wrong field",
    content = @Content(mediaType = Problem.CONTENT_TYPE,
        schema = @Schema(implementation = WriteAnswers.InvalidInput.class)))
@ApiResponse(responseCode = "401", description = "No or wrong ingest token",
    headers = @Header(name = HttpHeaders.WWW_AUTHENTICATE, required = true, schema = @Schema(type = "string")),
    content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "413", description = "Body over 1 MiB",
    content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "415", description = "Body not declared application/json, a missing Content-Type included",
    content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "Broker unavailable: nothing was acknowledged; retry with"
    + " `statementIds` (a statement id is folded once, so a retry is never counted twice)",
    headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait before the retry",
        required = true, schema = @Schema(type = "integer")),
    content = @Content(mediaType = Problem.CONTENT_TYPE,
        schema = @Schema(implementation = WriteAnswers.Unacknowledged.class)))
public @interface WriteAnswers {

  /** The problem of invalid input: {@code violations} is always there, empty when the body as a whole is wrong. */
  @Schema(name = "InvalidInputProblem", allOf = Problem.class, requiredProperties = "violations")
  interface InvalidInput {}

  /** The problem of a write the broker did not acknowledge: {@code statementIds} lists the ids to retry with. */
  @Schema(name = "UnacknowledgedWriteProblem", allOf = Problem.class, requiredProperties = "statementIds")
  interface Unacknowledged {}
}
