package io.stancewatch.domain;

import io.stancewatch.events.Stance;

/** The numeric position of contract section 2: +strength, -strength or 0. */
public final class Positions {

  private Positions() {}

  public static double of(Stance stance, double strength) {
    return switch (stance) {
      case SUPPORT -> strength;
      case OPPOSE -> -strength;
      case NEUTRAL -> 0.0;
    };
  }
}
