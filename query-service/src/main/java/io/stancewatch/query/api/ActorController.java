package io.stancewatch.query.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.stancewatch.domain.AsOf;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.HistoryKey;
import io.stancewatch.domain.PairHistory;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.events.ActorKind;
import io.stancewatch.problem.AnswersServerErrors;
import io.stancewatch.problem.Problem;
import io.stancewatch.problem.ProblemException;
import io.stancewatch.query.consistency.AwaitsConsistencyToken;
import io.stancewatch.query.view.ActorOrder;
import io.stancewatch.query.view.ActorStanceView;
import io.stancewatch.query.view.HistoryStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Actors and their stances: {@code /actors}, {@code /actors/{actor}/stances[/{topic}]}. */
@AnswersServerErrors
@Controller("/actors")
public class ActorController {

  /**
   * An actor in the list: its bloc (the actor whose group it is in with {@code sort=bloc}), the
   * topics it currently has a stance on, and its latest current statement's date.
   */
  @Introspected
  public record ActorSummary(String actor, @Nullable String name, @Nullable @Schema(type = "string") ActorKind kind,
      @Nullable String bloc, List<String> topics, @Nullable Instant lastStatementAt) {}

  @Introspected
  public record ActorStancesJson(String actor, @Nullable String name, @Nullable @Schema(type = "string") ActorKind kind, List<StanceJson> stances) {}

  private final ActorStanceView view;
  private final HistoryStore histories;

  public ActorController(ActorStanceView view, HistoryStore histories) {
    this.view = view;
    this.histories = histories;
  }

  /** Actors sorted by slug or the order asked for, a page at a time; with {@code actor}, those whose slug or name contains it. */
  @Get
  @Operation(operationId = "listActors")
  @AwaitsConsistencyToken
  @ApiResponse(responseCode = "400", description = "`sort` is not an order, `limit` is not 1 to 1000, `cursor` is not"
      + " a `next` value of the same `sort`, or `consistencyToken` is not one; `violations` names it",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = InvalidParameterProblem.class)))
  public Page<ActorSummary> actors(
      @Parameter(description = "Only the actors whose slug or name contains this text, ignoring case",
          schema = @Schema(type = "string")) @Nullable @QueryValue String actor,
      @Parameter(description = Parameters.SORT_DESCRIPTION, schema = @Schema(type = "string",
          allowableValues = {"actor", "name", "kind", "bloc"}, defaultValue = "actor")) @Nullable @QueryValue String sort,
      @Parameter(description = "Actors per page", schema = @Schema(type = "integer", format = "int32", minimum = "1",
          maximum = "" + Page.MAX_SIZE, defaultValue = "" + Page.DEFAULT_SIZE)) @Nullable @QueryValue String limit,
      @Parameter(description = "The previous page's `next`", schema = @Schema(type = "string"))
      @Nullable @QueryValue String cursor) {
    ActorOrder order = Parameters.order("sort", sort);
    int size = Parameters.limit("limit", limit, Page.DEFAULT_SIZE, Page.MAX_SIZE);
    ActorCursor.After after = ActorCursor.decode(cursor, order, false);
    Predicate<ActorStanceView.Actor> matches = PairScan.matching(actor);
    return Page.of(view.actorsAfter(order, after == null ? null : after.actor()).filter(p -> matches.test(p.actor())),
            size, p -> ActorCursor.key(order, p.key(), null))
        .map(p -> summary(p.actor()));
  }

  private static ActorSummary summary(ActorStanceView.Actor a) {
    return new ActorSummary(a.actor(), a.name(), a.kind(), a.bloc(),
        a.pairs().values().stream().filter(PairSummary::hasCurrent).map(PairSummary::topic).toList(),
        a.lastStatementAt());
  }

  /** The actor's current stance on every topic it has one on. */
  @Get("/{actor}/stances")
  @Operation(operationId = "actorStances")
  @AwaitsConsistencyToken
  @ApiResponse(responseCode = "404", description = "No such actor",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
  @ApiResponse(responseCode = "400", description = "`consistencyToken` is not one; `violations` names it",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = InvalidParameterProblem.class)))
  public ActorStancesJson stances(@PathVariable String actor) {
    ActorStanceView.Actor known = known(actor);
    List<StanceJson> stances = known.pairs().values().stream()
        .filter(PairSummary::hasCurrent).map(StanceJson::of).toList();
    return new ActorStancesJson(actor, known.name(), known.kind(), stances);
  }

  /**
   * The pair's stance, now or as of {@code asOf}, with a page of its history, newest first:
   * the statements said at or before {@code asOf} when given, and before {@code cursor}.
   */
  @Get("/{actor}/stances/{topic}")
  @Operation(operationId = "actorTopicStance")
  @AwaitsConsistencyToken
  @ApiResponse(responseCode = "200", description = "The pair's stance and a page of its history, newest first",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PairJson.class)))
  @ApiResponse(responseCode = "404", description = "No such actor, or no stance of it on the topic (as of `asOf`)",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
  @ApiResponse(responseCode = "400", description = "`asOf` is not an RFC 3339 date-time, `limit` is not 1 to 1000,"
      + " `cursor` is not a `next` value, or `consistencyToken` is not one; `violations` names it",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = InvalidParameterProblem.class)))
  public PairJson stance(@PathVariable String actor, @PathVariable String topic,
      @Parameter(description = "The instant to read the stance as of, RFC 3339 with an offset; now when absent",
          schema = @Schema(type = "string", format = "date-time")) @Nullable @QueryValue String asOf,
      @Parameter(description = "History entries per page", schema = @Schema(type = "integer", format = "int32",
          minimum = "1", maximum = "" + Page.MAX_SIZE, defaultValue = "" + Page.DEFAULT_SIZE)) @Nullable @QueryValue String limit,
      @Parameter(description = "The previous page's `next`", schema = @Schema(type = "string"))
      @Nullable @QueryValue String cursor) {
    Instant at = Parameters.instant("asOf", asOf, null);
    int size = Parameters.limit("limit", limit, Page.DEFAULT_SIZE, Page.MAX_SIZE);
    HistoryKey before = historyCursor(cursor);
    PairSummary now = known(actor).pairs().get(topic);
    if (now == null) {
      throw ProblemException.notFound("Actor '" + actor + "' has no statements on topic '" + topic + "'");
    }
    PairHistory history = histories.pair(actor, topic);
    PairSummary pair = at == null ? now : AsOf.stance(now, history, at);
    if (!pair.hasCurrent()) {
      throw ProblemException.notFound(at == null
          ? "Actor '" + actor + "' has no current stance on '" + topic + "': every statement was retracted"
          : "Actor '" + actor + "' had no stance on '" + topic + "' as of " + asOf);
    }
    HistoryKey end = at == null ? HistoryKey.AFTER_ALL : HistoryKey.after(at);
    if (before != null && before.isBefore(end)) {
      end = before;
    }
    Page<HistoryItem> page;
    try (Stream<HistoryItem> newestFirst = history.newestFirst(end)) {
      page = Page.of(newestFirst, size, h -> new String[] {h.key().encode()});
    }
    return PairJson.of(pair, page.items(), page.next());
  }

  /** The key a history page starts before, from the previous page's {@code next}; null when there is none. */
  private static HistoryKey historyCursor(String cursor) {
    List<String> key = PageCursor.decode(cursor, 1);
    if (key == null) {
      return null;
    }
    try {
      return HistoryKey.decode(key.get(0));
    } catch (IllegalArgumentException e) {
      throw PageCursor.invalid();
    }
  }

  private ActorStanceView.Actor known(String actor) {
    return view.actor(actor).orElseThrow(() -> ProblemException.notFound("No actor '" + actor + "'"));
  }
}
