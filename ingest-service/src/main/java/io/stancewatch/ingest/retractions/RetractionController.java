package io.stancewatch.ingest.retractions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.stancewatch.events.Retraction;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.ingest.input.StrictJson;
import io.stancewatch.ingest.log.StatementLog;
import io.stancewatch.ingest.problem.UnacknowledgedWrite;
import io.stancewatch.ingest.problem.WriteAnswers;
import io.stancewatch.ingest.statements.Accepted;
import io.stancewatch.problem.AnswersServerErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /retractions}: appends a retraction to the statement log, keyed by the actor
 * like the statement it withdraws, so the fold sees both in log order. Whether the statement
 * exists is the fold's business: an unknown id has no effect there.
 */
@AnswersServerErrors
@Controller("/retractions")
@WriteAnswers
public class RetractionController {

  private final StatementLog log;

  public RetractionController(StatementLog log) {
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
    Retraction retraction = RetractionRules.toEvent(StrictJson.read(body, RetractionRequest.class, "retraction"));
    return log.append(List.of(new StatementEvent(retraction))).handle((token, failure) -> failure == null
        ? HttpResponse.accepted().body(new Accepted(retraction.getStatementId(), token.encode()))
        : UnacknowledgedWrite.answer(failure, List.of(retraction.getStatementId())));
  }
}
