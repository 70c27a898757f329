package io.stancewatch.ingest.retractions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.validation.validator.Validator;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.ingest.IngestApplication;
import io.stancewatch.ingest.input.NoNul;
import io.stancewatch.ingest.input.StrictJson;
import io.stancewatch.ingest.log.LogUnavailableException;
import io.stancewatch.ingest.log.StatementLog;
import io.stancewatch.ingest.problem.InvalidRequestException;
import io.stancewatch.ingest.problem.Problem;
import io.stancewatch.ingest.problem.Violation;
import io.stancewatch.ingest.statements.Accepted;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * {@code POST /retractions}: appends a retraction to the statement log, keyed by the actor
 * like the statement it withdraws, so the fold sees both in log order. Whether the statement
 * exists is the fold's business: an unknown id has no effect there.
 */
@Controller("/retractions")
@SecurityRequirement(name = IngestApplication.INGEST_TOKEN)
@ApiResponse(responseCode = "400", description = "Invalid JSON or retraction; `violations` names every wrong field",
    content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "401", description = "No or wrong ingest token",
    content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "413", description = "Body over 1 MiB",
    content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "415", description = "Body not application/json",
    content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "503", description = "Broker unavailable: not acknowledged; retry with the same statementId (a retry is never folded twice)",
    content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
public class RetractionController {

  private final Validator validator;
  private final StatementLog log;

  public RetractionController(Validator validator, StatementLog log) {
    this.validator = validator;
    this.log = log;
  }

  @Post
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "postRetraction", summary = "Withdraw a wrongly recorded statement")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
      schema = @Schema(implementation = RetractionRequest.class)))
  @ApiResponse(responseCode = "202", description = "Committed to the statement log",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
  public CompletableFuture<HttpResponse<?>> post(@Body @Nullable byte[] body) {
    StrictJson.Bound<RetractionRequest> bound = StrictJson.read(body, RetractionRequest.class, "retraction");
    RetractionRequest request = bound.value();
    List<Violation> violations = new ArrayList<>(bound.violations());
    Set<String> unbound = violations.stream().map(Violation::field).collect(Collectors.toSet());
    validator.validate(request).stream()
        .map(v -> new Violation(v.getPropertyPath().toString(), v.getMessage()))
        .filter(v -> !unbound.contains(v.field()))
        .forEach(violations::add);
    NoNul.check(violations, "reason", request.reason());
    if (!violations.isEmpty()) {
      violations.sort(Comparator.comparing(Violation::field));
      throw new InvalidRequestException(InvalidRequestException.detailFor("retraction"), violations);
    }
    Retraction retraction = Retraction.newBuilder()
        .setStatementId(request.statementId())
        .setActor(request.actor())
        .setTopic(request.topic())
        .setReason(request.reason())
        .build();
    return log.append(List.of(new StatementEvent(retraction))).handle((token, failure) -> failure == null
        ? HttpResponse.accepted().body(new Accepted(request.statementId(), token.encode()))
        : Problem.unavailable(LogUnavailableException.of(failure)).toResponse());
  }
}
