package io.stancewatch.query;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.servers.Server;

/**
 * query-service: serves what analysts ask (current stances, history, who stands where, what
 * changed) from views it builds itself by reading the stance topics; it never calls
 * stance-service.
 */
@OpenAPIDefinition(info = @Info(
    title = "Stancewatch query API",
    version = "1",
    description = "Current stances of political actors on issues, their history, who stands where on an issue,"
        + " and the stance changes, all folded from the statement log. No token is needed. Timestamps are"
        + " RFC 3339 UTC; errors are application/problem+json."),
    servers = @Server(url = "http://localhost:8082", description = "query-service as `./stancewatch up` starts it"))
public final class QueryApplication {

  private QueryApplication() {}

  public static void main(String[] args) {
    Micronaut.run(QueryApplication.class, args);
  }
}
