package io.stancewatch.query.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.sse.Event;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.problem.AnswersServerErrors;
import io.stancewatch.problem.Problem;
import io.stancewatch.problem.ProblemException;
import io.stancewatch.query.consistency.AwaitsConsistencyToken;
import io.stancewatch.query.stream.ChangeStream;
import io.stancewatch.query.view.ChangeLogView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Predicate;
import org.reactivestreams.Publisher;

/**
 * {@code /changes}: the latest stance changes, newest first, a page at a time; and
 * {@code /changes/stream}, the same changes live as server-sent events. Both optionally for
 * one actor and/or topic.
 */
@AnswersServerErrors
@Controller("/changes")
public class ChangeController {

  static final int DEFAULT_LIMIT = 50;

  private final ChangeLogView view;
  private final ChangeStream stream;

  public ChangeController(ChangeLogView view, ChangeStream stream) {
    this.view = view;
    this.stream = stream;
  }

  /** The latest stance changes, newest first, a page at a time. */
  @Get
  @Operation(operationId = "latestChanges")
  @AwaitsConsistencyToken
  @ApiResponse(responseCode = "400", description = "`limit` is not 1 to 1000, `cursor` is not a `next` value,"
      + " or `consistencyToken` is not one; `violations` names it",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = InvalidParameterProblem.class)))
  public Page<ChangeJson> changes(
      @Parameter(description = "Only this actor's changes") @Nullable @QueryValue String actor,
      @Parameter(description = "Only the changes on this topic") @Nullable @QueryValue String topic,
      @Parameter(description = "Changes per page", schema = @Schema(type = "integer", format = "int32", minimum = "1",
          maximum = "" + Page.MAX_SIZE, defaultValue = "" + DEFAULT_LIMIT)) @Nullable @QueryValue String limit,
      @Parameter(description = "The previous page's `next`", schema = @Schema(type = "string"))
      @Nullable @QueryValue String cursor) {
    int size = Parameters.limit("limit", limit, DEFAULT_LIMIT, Page.MAX_SIZE);
    return Page.of(view.latest(actor, topic, after(cursor), size + 1).stream(), size,
        e -> new String[] {e.key().detectedAt().toString(), e.key().actor(), e.key().topic(),
            Long.toString(e.key().sequence())})
        .map(e -> ChangeJson.of(e.change()));
  }

  /**
   * Every change from the start of the log (or, with {@code from=end}, none read so far), or
   * after {@code Last-Event-ID} when a client reconnects, then each new one as it is read; a
   * comment line when quiet, as a heartbeat.
   */
  @Get(value = "/stream", produces = MediaType.TEXT_EVENT_STREAM)
  @Operation(operationId = "changeStream")
  @AwaitsConsistencyToken
  @ApiResponse(responseCode = "200", description = "Server-sent events: each change as `event: stance-change`,"
      + " `id: <position>`, `data: <Change JSON>`; comment lines as heartbeats",
      content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(type = "string")))
  @ApiResponse(responseCode = "400", description = "`from` is not `end`, `Last-Event-ID` is not an id of this stream,"
      + " or `consistencyToken`"
      + " is not one; `violations` names it",
      content = @Content(mediaType = Problem.CONTENT_TYPE, schema = @Schema(implementation = InvalidParameterProblem.class)))
  public Publisher<Event<?>> stream(
      @Parameter(description = "Only this actor's changes") @Nullable @QueryValue String actor,
      @Parameter(description = "Only the changes on this topic") @Nullable @QueryValue String topic,
      @Parameter(description = "`end`: start with the changes still to come, not the whole log"
          + " (a client that has just read the current stances needs no replay); `Last-Event-ID` wins over it",
          schema = @Schema(type = "string", allowableValues = "end")) @Nullable @QueryValue String from,
      @Parameter(description = "The `id` of the last event received: the stream resumes after it")
      @Nullable @Header("Last-Event-ID") String lastEventId) {
    if (from != null && !from.equals("end")) {
      throw ProblemException.invalid("from", "must be end");
    }
    try {
      return stream.follow(only(actor, topic), lastEventId, from != null, ChangeJson::of);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("Last-Event-ID", "must be the id of an event of this stream");
    }
  }

  private static Predicate<StanceChanged> only(String actor, String topic) {
    return c -> (actor == null || actor.equals(c.getActor())) && (topic == null || topic.equals(c.getTopic()));
  }

  private static ChangeLogView.Key after(String cursor) {
    List<String> key = PageCursor.decode(cursor, 4);
    if (key == null) {
      return null;
    }
    try {
      return new ChangeLogView.Key(Instant.parse(key.get(0)), key.get(1), key.get(2), Long.parseLong(key.get(3)));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw PageCursor.invalid();
    }
  }
}
