package io.stancewatch.stance;

import io.micronaut.runtime.Micronaut;

/**
 * stance-service: owns the stance fold. It reads the statement log, keeps each pair's summary
 * and history in RocksDB stores, and publishes stance changes, pair stances, history entries
 * and actor profiles, each bounded in size. It serves no reads:
 * its HTTP port only answers health and metrics.
 */
public final class StanceApplication {

  private StanceApplication() {}

  public static void main(String[] args) {
    Micronaut.run(StanceApplication.class, args);
  }
}
