package io.stancewatch.query.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.stancewatch.query.problem.Problem;
import io.stancewatch.query.view.ChangeLogView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;

/** {@code /changes}: the latest stance changes, newest first, optionally for one actor and/or topic. */
@Controller("/changes")
public class ChangeController {

  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 1000;

  @Introspected
  public record ChangeList(List<ChangeJson> items) {}

  private final ChangeLogView view;

  public ChangeController(ChangeLogView view) {
    this.view = view;
  }

  @Get
  @Operation(operationId = "latestChanges")
  @ApiResponse(responseCode = "400", description = "`limit` is not 1 to 1000; `violations` names it",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
  public ChangeList changes(@Nullable @QueryValue String actor, @Nullable @QueryValue String topic,
      @Nullable @QueryValue String limit) {
    int max = Parameters.limit("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
    return new ChangeList(view.latest(
            c -> (actor == null || actor.equals(c.getActor())) && (topic == null || topic.equals(c.getTopic())), max)
        .stream().map(ChangeJson::of).toList());
  }
}
