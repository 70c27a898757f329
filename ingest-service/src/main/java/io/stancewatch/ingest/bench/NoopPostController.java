package io.stancewatch.ingest.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The reference that {@code ./stancewatch bench} compares {@code POST /statements} with: a
 * true no-op that goes through the same server and filters (the ingest token is checked),
 * reads the whole body and answers 202, without parsing, validating or writing anything.
 * It exists only in Micronaut's {@code bench} environment
 * ({@code MICRONAUT_ENVIRONMENTS=bench}, which the bench sets), so production never exposes it.
 */
@Hidden
@Requires(env = "bench")
@Controller("/bench/noop")
public class NoopPostController {

  @Post
  @Consumes(MediaType.APPLICATION_JSON)
  public HttpResponse<?> post(@Body byte[] body) {
    return HttpResponse.accepted();
  }
}
