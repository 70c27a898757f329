package io.stancewatch.stance;

import io.micronaut.runtime.Micronaut;

/**
 * stance-service: owns the stance fold. It reads the statement log, keeps each actor's state
 * in a RocksDB store, and publishes stance changes and actor snapshots. It serves no reads:
 * its HTTP port only answers health and metrics.
 */
public final class StanceApplication {

  private StanceApplication() {}

  public static void main(String[] args) {
    Micronaut.run(StanceApplication.class, args);
  }
}
