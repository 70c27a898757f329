package io.stancewatch.ingest;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;

/**
 * ingest-service: the only writer of the statement log. It validates statements over HTTP
 * and answers 202 only once Kafka has acknowledged them, so an accepted write is durable.
 */
@OpenAPIDefinition(info = @Info(
    title = "Stancewatch ingest API",
    version = "1",
    description = "Records statements of what political actors stand for, and retractions of wrongly recorded"
        + " ones, on the statement log. A write is answered 202 only once Kafka has committed it."
        + " Every write needs the ingest token as a bearer token. Errors are application/problem+json."),
    servers = @Server(url = "http://localhost:8081",
        description = "The default of `./stancewatch up` (INGEST_SERVICE_PORT sets another port)"))
@SecurityScheme(name = IngestApplication.INGEST_TOKEN, type = SecuritySchemeType.HTTP, scheme = "bearer",
    description = "The ingest token: STANCEWATCH_INGEST_TOKEN, or the one `./stancewatch up` prints.")
public final class IngestApplication {

  /** The name of the security scheme that the write endpoints require in the OpenAPI spec. */
  public static final String INGEST_TOKEN = "ingestToken";

  private IngestApplication() {}

  public static void main(String[] args) {
    Micronaut.run(IngestApplication.class, args);
  }
}
