package io.stancewatch.domain;

import io.stancewatch.events.Stance;
import java.time.Instant;

/**
 * The current stance of a pair: the deciding statement, when its label became current
 * ({@code since}), and how many unretracted statements the pair has.
 */
public record CurrentStance(HistoryItem statement, Instant since, int statements) {

  public Stance stance() {
    return statement.stance();
  }

  public double position() {
    return statement.position();
  }
}
