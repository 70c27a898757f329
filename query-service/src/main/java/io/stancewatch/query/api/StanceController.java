package io.stancewatch.query.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.stancewatch.domain.AsOf;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.problem.AnswersServerErrors;
import io.stancewatch.problem.Problem;
import io.stancewatch.query.consistency.AwaitsConsistencyToken;
import io.stancewatch.query.view.ActorStanceView;
import io.stancewatch.query.view.HistoryStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** {@code /stances?asOf=T}: every actor's stance on every topic as of an instant, by default now. */
@AnswersServerErrors
@Controller("/stances")
public class StanceController {

  @Introspected
  public record StancesAsOf(Instant asOf, List<StanceJson> stances) {}

  private final ActorStanceView view;
  private final HistoryStore histories;

  public StanceController(ActorStanceView view, HistoryStore histories) {
    this.view = view;
    this.histories = histories;
  }

  /** Every actor's stance on every topic as of an instant, by default now. */
  @Get
  @Operation(operationId = "stancesAsOf")
  @AwaitsConsistencyToken
  @ApiResponse(responseCode = "400", description = "`asOf` is not an RFC 3339 date-time, or `consistencyToken` is"
      + " not one; `violations` names it",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = InvalidParameterProblem.class)))
  public StancesAsOf stances(
      @Parameter(description = "The instant to read the stances as of, RFC 3339 with an offset; now when absent",
          schema = @Schema(type = "string", format = "date-time")) @Nullable @QueryValue String asOf) {
    Instant at = Parameters.instant("asOf", asOf, Clock.systemUTC().instant());
    // A pair whose current statement was said by then answers from memory; only the others read their history.
    return new StancesAsOf(at, view.actors().stream()
        .flatMap(a -> a.pairs().values().stream())
        .map(p -> AsOf.stance(p, histories.pair(p.actor(), p.topic()), at))
        .filter(PairSummary::hasCurrent)
        .map(StanceJson::of)
        .toList());
  }
}
