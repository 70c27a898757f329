package io.stancewatch.query.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.events.Stance;
import io.stancewatch.problem.AnswersServerErrors;
import io.stancewatch.problem.Problem;
import io.stancewatch.problem.ProblemException;
import io.stancewatch.query.consistency.AwaitsConsistencyToken;
import io.stancewatch.query.view.ActorKey;
import io.stancewatch.query.view.ActorOrder;
import io.stancewatch.query.view.ActorStanceView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Issues and who stands where on them: {@code /topics}, {@code /topics/{topic}/stances}. */
@AnswersServerErrors
@Controller("/topics")
public class TopicController {

  /** A topic with its per-label counts of current stances, the labels as keys. */
  @Introspected
  public record TopicSummary(String topic,
      @JsonUnwrapped LabelCounts counts) {}

  /**
   * A page of the stances on a topic; {@code summary} counts every current stance on it, whatever the
   * filters, and {@code next} is the cursor of the following page, null on the last.
   */
  @Introspected
  public record TopicStances(String topic, List<StanceJson> stances, LabelCounts summary, @Nullable String next) {}

  private final ActorStanceView view;

  public TopicController(ActorStanceView view) {
    this.view = view;
  }

  /** Topics with a current stance, sorted by slug, a page at a time. */
  @Get
  @Operation(operationId = "listTopics")
  @AwaitsConsistencyToken
  @ApiResponse(responseCode = "400", description = "`limit` is not 1 to 1000, `cursor` is not a `next` value,"
      + " or `consistencyToken` is not one; `violations` names it",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = InvalidParameterProblem.class)))
  public Page<TopicSummary> topics(
      @Parameter(description = "Topics per page", schema = @Schema(type = "integer", format = "int32", minimum = "1",
          maximum = "" + Page.MAX_SIZE, defaultValue = "" + Page.DEFAULT_SIZE)) @Nullable @QueryValue String limit,
      @Parameter(description = "The previous page's `next`", schema = @Schema(type = "string"))
      @Nullable @QueryValue String cursor) {
    int size = Parameters.limit("limit", limit, Page.DEFAULT_SIZE, Page.MAX_SIZE);
    List<String> after = PageCursor.decode(cursor, 1);
    TreeMap<String, List<Stance>> byTopic = currentByTopic();
    return Page.of((after == null ? byTopic : byTopic.tailMap(after.get(0), false)).entrySet().stream()
        .map(e -> new TopicSummary(e.getKey(), LabelCounts.of(e.getValue().stream()))), size, t -> new String[] {t.topic()});
  }

  /**
   * The current stances on the topic, sorted by actor, a page at a time; {@code actor} and {@code stance}
   * narrow the list, the summary counts all.
   */
  @Get("/{topic}/stances")
  @Operation(operationId = "topicStances")
  @AwaitsConsistencyToken
  // Defined in src/main/openapi: the annotation processor makes an optional enum parameter nullable
  // without a type, which OpenAPI 3.0 cannot read.
  @Parameter(name = "stance", in = ParameterIn.QUERY, ref = "#/components/parameters/stance")
  @ApiResponse(responseCode = "404", description = "No statement on the topic",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = Problem.class)))
  @ApiResponse(responseCode = "400", description = "`stance` is not a stance label, `limit` is not 1 to 1000,"
      + " `cursor` is not a `next` value, or `consistencyToken` is not one; `violations` names it",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = InvalidParameterProblem.class)))
  public TopicStances stances(@PathVariable String topic,
      @Parameter(description = "Only the actors whose slug or name contains this text, ignoring case",
          schema = @Schema(type = "string")) @Nullable @QueryValue String actor,
      @Parameter(hidden = true) @Nullable @QueryValue String stance,
      @Parameter(description = "Stances per page", schema = @Schema(type = "integer", format = "int32", minimum = "1",
          maximum = "" + Page.MAX_SIZE, defaultValue = "" + Page.DEFAULT_SIZE)) @Nullable @QueryValue String limit,
      @Parameter(description = "The previous page's `next`", schema = @Schema(type = "string"))
      @Nullable @QueryValue String cursor) {
    Stance only = Parameters.stance("stance", stance);
    int size = Parameters.limit("limit", limit, Page.DEFAULT_SIZE, Page.MAX_SIZE);
    List<String> after = PageCursor.decode(cursor, 1);
    List<PairSummary> onTopic = view.actors().stream()
        .map(a -> a.pairs().get(topic)).filter(Objects::nonNull).toList();
    if (onTopic.isEmpty()) {
      throw ProblemException.notFound("No statements on topic '" + topic + "'");
    }
    Page<StanceJson> page = Page.of(PairScan.pairs(view, ActorOrder.ACTOR,
            after == null ? null : ActorKey.bySlug(after.get(0)), null, actor, topic)
        .map(PairScan.Listed::pair)
        .filter(p -> p.hasCurrent() && (only == null || p.current().stance() == only))
        .map(StanceJson::of), size, s -> new String[] {s.actor()});
    LabelCounts summary = LabelCounts.of(onTopic.stream().filter(PairSummary::hasCurrent).map(p -> p.current().stance()));
    return new TopicStances(topic, page.items(), summary, page.next());
  }

  /** The labels of the current stances, grouped by topic, topics sorted. */
  private TreeMap<String, List<Stance>> currentByTopic() {
    return view.actors().stream()
        .flatMap(a -> a.pairs().values().stream())
        .filter(PairSummary::hasCurrent)
        .collect(Collectors.groupingBy(PairSummary::topic, TreeMap::new,
            Collectors.mapping(p -> p.current().stance(), Collectors.toList())));
  }
}
