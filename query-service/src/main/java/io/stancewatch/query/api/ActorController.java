package io.stancewatch.query.api;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.stancewatch.domain.ActorState;
import io.stancewatch.domain.CurrentStance;
import io.stancewatch.domain.PairState;
import io.stancewatch.events.ActorKind;
import io.stancewatch.query.problem.Problem;
import io.stancewatch.query.problem.ProblemException;
import io.stancewatch.query.view.ActorStanceView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/** Actors and their stances: {@code /actors}, {@code /actors/{actor}/stances[/{topic}]}. */
@Controller("/actors")
public class ActorController {

  /** An actor in the list: the topics it currently has a stance on, and its latest statement's date. */
  @Introspected
  public record ActorSummary(String actor, String name, ActorKind kind, List<String> topics, Instant lastStatementAt) {}

  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 1000;

  @Introspected
  public record ActorStancesJson(String actor, String name, ActorKind kind, List<StanceJson> stances) {}

  private final ActorStanceView view;
  private final JsonMapper json;

  public ActorController(ActorStanceView view, JsonMapper json) {
    this.view = view;
    this.json = json;
  }

  /** Actors sorted by slug, a page at a time. */
  @Get
  @Operation(operationId = "listActors")
  public Page<ActorSummary> actors(@Nullable @QueryValue String limit, @Nullable @QueryValue String cursor) {
    int size = Parameters.limit("limit", limit, DEFAULT_PAGE, MAX_PAGE);
    List<String> after = PageCursor.decode(cursor, 1);
    return Page.of(view.actorsAfter(after == null ? null : after.get(0)).stream()
        .map(a -> new ActorSummary(a.actor(), a.name(), a.kind(),
            a.pairs().stream().filter(p -> p.current().isPresent()).map(PairState::topic).toList(),
            a.lastStatementAt().orElse(null))), size, a -> new String[] {a.actor()});
  }

  @Get("/{actor}/stances")
  @Operation(operationId = "actorStances")
  @ApiResponse(responseCode = "404", description = "No such actor",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
  public ActorStancesJson stances(@PathVariable String actor) {
    ActorState state = known(actor).state();
    List<StanceJson> stances = state.pairs().stream()
        .flatMap(p -> p.current().map(c -> StanceJson.of(actor, p.topic(), c)).stream())
        .toList();
    return new ActorStancesJson(actor, state.name(), state.kind(), stances);
  }

  /**
   * The pair's stance and history, now or as of {@code asOf} (statements said at or before it).
   * The answer now is encoded once per snapshot of the actor, as reads far outnumber snapshots.
   */
  @Get("/{actor}/stances/{topic}")
  @Operation(operationId = "actorTopicStance")
  @ApiResponse(responseCode = "200", description = "The pair's stance and its history, oldest first",
      content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PairJson.class)))
  @ApiResponse(responseCode = "404", description = "No such actor, or no stance of it on the topic (as of `asOf`)",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
  @ApiResponse(responseCode = "400", description = "`asOf` is not an RFC 3339 date-time; `violations` names it",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
  public HttpResponse<byte[]> stance(@PathVariable String actor, @PathVariable String topic,
      @Nullable @QueryValue String asOf) {
    ActorStanceView.Actor known = known(actor);
    byte[] answer = asOf == null
        ? known.encodedPair(topic, t -> encodePair(actor, known.state(), t, null))
        : encodePair(actor, known.state(), topic, asOf);
    return HttpResponse.ok(answer).contentType(MediaType.APPLICATION_JSON_TYPE);
  }

  private byte[] encodePair(String actor, ActorState state, String topic, String asOf) {
    PairState pair = state.topics().get(topic);
    if (pair == null) {
      throw ProblemException.notFound("Actor '" + actor + "' has no statements on topic '" + topic + "'");
    }
    if (asOf != null) {
      pair = pair.asOf(Parameters.instant("asOf", asOf, null));
    }
    CurrentStance current = pair.current().orElseThrow(() -> ProblemException.notFound(asOf == null
        ? "Actor '" + actor + "' has no current stance on '" + topic + "': every statement was retracted"
        : "Actor '" + actor + "' had no stance on '" + topic + "' as of " + asOf));
    try {
      // The mapper the server writes every other answer with: the bytes are what it would send.
      return json.writeValueAsBytes(PairJson.of(actor, pair, current));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ActorStanceView.Actor known(String actor) {
    return view.actor(actor).orElseThrow(() -> ProblemException.notFound("No actor '" + actor + "'"));
  }
}
