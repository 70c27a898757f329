package io.stancewatch.query.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * The reference that {@code ./stancewatch bench} compares the query API with: a GET that goes
 * through the same server and filters and answers 200 with an empty body, whatever path
 * follows {@code /bench/noop} (so the load generator sends the same paths to both). It exists
 * only in Micronaut's {@code bench} environment ({@code MICRONAUT_ENVIRONMENTS=bench}, which the
 * bench sets), so production never exposes it.
 */
@Hidden
@Requires(env = "bench")
@Controller("/bench/noop")
public class NoopGetController {

  @Get("/{+path}")
  public HttpResponse<?> get(@PathVariable String path) {
    return HttpResponse.ok();
  }
}
