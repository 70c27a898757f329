package io.stancewatch.ingest.statements;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.ingest.input.StrictJson;
import io.stancewatch.ingest.log.LogUnavailableException;
import io.stancewatch.ingest.log.StatementLog;
import io.stancewatch.ingest.problem.Problem;
import io.stancewatch.schemas.ConsistencyToken;
import java.util.List;

/**
 * {@code POST /statements} and {@code POST /statements/batch}: answered 202 once the broker has
 * committed the statements, a batch in one transaction so it lands whole or not at all.
 */
@Controller("/statements")
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
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<?> post(@Body byte[] body) {
    Statement statement = rules.toEvent(StrictJson.read(body, StatementRequest.class, "statement"));
    try {
      ConsistencyToken token = log.append(List.of(new StatementEvent(statement)));
      return HttpResponse.accepted().body(new Accepted(statement.getStatementId(), token.encode()));
    } catch (LogUnavailableException e) {
      return Problem.unavailable(e).withStatementIds(List.of(statement.getStatementId())).toResponse();
    }
  }

  @Post("/batch")
  @Consumes(MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public HttpResponse<?> postBatch(@Body byte[] body) {
    List<Statement> statements = rules.toEvents(StrictJson.readArray(body, StatementRequest.class, "statement"));
    List<String> ids = statements.stream().map(Statement::getStatementId).toList();
    try {
      ConsistencyToken token = log.append(statements.stream().map(StatementEvent::new).toList());
      return HttpResponse.accepted().body(new AcceptedBatch(ids, token.encode()));
    } catch (LogUnavailableException e) {
      return Problem.unavailable(e).withStatementIds(ids).toResponse();
    }
  }
}
