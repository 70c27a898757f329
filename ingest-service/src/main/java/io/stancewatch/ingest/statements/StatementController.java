package io.stancewatch.ingest.statements;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.ingest.input.StrictJson;
import io.stancewatch.ingest.log.StatementLog;
import io.stancewatch.ingest.problem.UnacknowledgedWrite;
import io.stancewatch.ingest.problem.WriteAnswers;
import io.stancewatch.problem.AnswersServerErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /statements} and {@code POST /statements/batch}: answered 202 once the broker has
 * committed the statements, a batch in one transaction so it lands whole or not at all.
 * Binding and the rules run on the event loop (no I/O); the answer waits for the commit as a
 * future, so no thread is held while the broker works.
 */
@AnswersServerErrors
@Controller("/statements")
@WriteAnswers
public class StatementController {

  private final StatementRules rules;
  private final StatementLog log;

  public StatementController(StatementRules rules, StatementLog log) {
    this.rules = rules;
    this.log = log;
  }

  // The body is bound here rather than by the framework so that every binding error names its field.
  @Post
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "postStatement", summary = "Record one statement")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
      schema = @Schema(implementation = StatementRequest.class)))
  @ApiResponse(responseCode = "202", description = "Committed to the statement log",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Accepted.class)))
  public CompletableFuture<HttpResponse<?>> post(@Body @Nullable byte[] body) {
    Statement statement = rules.toEvent(StrictJson.read(body, StatementRequest.class, "statement"));
    return log.append(List.of(new StatementEvent(statement))).handle((token, failure) -> failure == null
        ? HttpResponse.accepted().body(new Accepted(statement.getStatementId(), token.encode()))
        : UnacknowledgedWrite.answer(failure, List.of(statement.getStatementId())));
  }

  @Post("/batch")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(operationId = "postStatementBatch", summary = "Record up to 1000 statements, all or nothing")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
      array = @ArraySchema(schema = @Schema(implementation = StatementRequest.class), minItems = 1, maxItems = 1000)))
  @ApiResponse(responseCode = "202", description = "Committed to the statement log in one transaction",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AcceptedBatch.class)))
  // Hidden from the spec: the generator would merge byte[]'s string schema into the array above.
  public CompletableFuture<HttpResponse<?>> postBatch(@Parameter(hidden = true) @Body @Nullable byte[] body) {
    List<Statement> statements = rules.toEvents(StrictJson.readArray(body, StatementRequest.class, "statement"));
    List<String> ids = statements.stream().map(Statement::getStatementId).toList();
    return log.append(statements.stream().map(StatementEvent::new).toList()).handle((token, failure) -> failure == null
        ? HttpResponse.accepted().body(new AcceptedBatch(ids, token.encode()))
        : UnacknowledgedWrite.answer(failure, ids));
  }
}
