package io.stancewatch.ingest;

import io.micronaut.runtime.Micronaut;

/**
 * ingest-service: the only writer of the statement log. It validates statements over HTTP
 * and answers 202 only once Kafka has acknowledged them, so an accepted write is durable.
 */
public final class IngestApplication {

  private IngestApplication() {}

  public static void main(String[] args) {
    Micronaut.run(IngestApplication.class, args);
  }
}
