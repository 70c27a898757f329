package io.stancewatch.query.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.stancewatch.domain.AsOf;
import io.stancewatch.events.Stance;
import io.stancewatch.problem.AnswersServerErrors;
import io.stancewatch.problem.Problem;
import io.stancewatch.query.consistency.AwaitsConsistencyToken;
import io.stancewatch.query.view.ActorOrder;
import io.stancewatch.query.view.ActorStanceView;
import io.stancewatch.query.view.HistoryStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code /stances}: actors' stances on topics as of an instant, by default now, a page at a
 * time in an actor order (by slug unless asked) then by topic, narrowed by actor text, topic
 * and label.
 */
@AnswersServerErrors
@Controller("/stances")
public class StanceController {

  /** A page of stances as of {@code asOf}; {@code next} is the cursor of the following page, null on the last. */
  @Introspected
  public record StancesAsOf(Instant asOf, List<StanceJson> stances, @Nullable String next) {}

  private final ActorStanceView view;
  private final HistoryStore histories;

  public StanceController(ActorStanceView view, HistoryStore histories) {
    this.view = view;
    this.histories = histories;
  }

  /** The stances as of an instant (by default now), sorted by actor (in the order asked for) then topic, a page at a time. */
  @Get
  @Operation(operationId = "stancesAsOf")
  @AwaitsConsistencyToken
  // Defined in src/main/openapi, as on /topics/{topic}/stances.
  @Parameter(name = "stance", in = ParameterIn.QUERY, ref = "#/components/parameters/stance")
  @ApiResponse(responseCode = "400", description = "`asOf` is not an RFC 3339 date-time, `stance` is not a stance"
      + " label, `sort` is not an order, `limit` is not 1 to 1000, `cursor` is not a `next` value of the same `sort`,"
      + " or `consistencyToken` is not one; `violations` names it",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = InvalidParameterProblem.class)))
  public StancesAsOf stances(
      @Parameter(description = "The instant to read the stances as of, RFC 3339 with an offset; now when absent",
          schema = @Schema(type = "string", format = "date-time")) @Nullable @QueryValue String asOf,
      @Parameter(description = "Only the actors whose slug or name contains this text, ignoring case",
          schema = @Schema(type = "string")) @Nullable @QueryValue String actor,
      @Parameter(description = "Only the stances on the topic with exactly this slug", schema = @Schema(type = "string"))
      @Nullable @QueryValue String topic,
      @Parameter(hidden = true) @Nullable @QueryValue String stance,
      @Parameter(description = Parameters.SORT_DESCRIPTION, schema = @Schema(type = "string",
          allowableValues = {"actor", "name", "kind", "bloc"}, defaultValue = "actor")) @Nullable @QueryValue String sort,
      @Parameter(description = "Stances per page", schema = @Schema(type = "integer", format = "int32", minimum = "1",
          maximum = "" + Page.MAX_SIZE, defaultValue = "" + Page.DEFAULT_SIZE)) @Nullable @QueryValue String limit,
      @Parameter(description = "The previous page's `next`", schema = @Schema(type = "string"))
      @Nullable @QueryValue String cursor) {
    Instant at = Parameters.instant("asOf", asOf, Clock.systemUTC().instant());
    Stance only = Parameters.stance("stance", stance);
    ActorOrder order = Parameters.order("sort", sort);
    int size = Parameters.limit("limit", limit, Page.DEFAULT_SIZE, Page.MAX_SIZE);
    ActorCursor.After after = ActorCursor.decode(cursor, order, true);
    // Only the pairs the page reads, and of those only the ones whose current statement is later than
    // asOf, read their history.
    Page<PairScan.Listed> page = Page.of(PairScan.pairs(view, order, after == null ? null : after.actor(),
            after == null ? null : after.topic(), actor, topic)
        .map(l -> new PairScan.Listed(l.actor(), AsOf.stance(l.pair(), histories.pair(l.pair().actor(), l.pair().topic()),
            at)))
        .filter(l -> l.pair().hasCurrent() && (only == null || l.pair().current().stance() == only)),
        size, l -> ActorCursor.key(order, l.actor(), l.pair().topic()));
    return new StancesAsOf(at, page.map(l -> StanceJson.of(l.pair())).items(), page.next());
  }
}
