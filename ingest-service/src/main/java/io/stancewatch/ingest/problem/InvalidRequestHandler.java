package io.stancewatch.ingest.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Invalid input: 400 with the violations, before anything is published. */
@Singleton
@Produces
public class InvalidRequestHandler implements ExceptionHandler<InvalidRequestException, HttpResponse<Problem>> {

  @Override
  public HttpResponse<Problem> handle(HttpRequest request, InvalidRequestException e) {
    return Problem.invalid(e.getMessage(), e.violations()).toResponse();
  }
}
