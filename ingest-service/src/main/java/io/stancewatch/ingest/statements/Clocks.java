package io.stancewatch.ingest.statements;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The wall clock that bounds {@code occurredAt}; a bean so tests can pin it. */
@Factory
class Clocks {

  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
