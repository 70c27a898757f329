package io.stancewatch.query;

import io.micronaut.runtime.Micronaut;

/**
 * query-service: serves what analysts ask (current stances, history, who stands where, what
 * changed) from views it builds itself by reading the stance topics; it never calls
 * stance-service.
 */
public final class QueryApplication {

  private QueryApplication() {}

  public static void main(String[] args) {
    Micronaut.run(QueryApplication.class, args);
  }
}
