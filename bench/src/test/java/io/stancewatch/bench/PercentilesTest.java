package io.stancewatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void nearestRankOfAnUnsortedSample() {
    double[] sample = new double[100];
    for (int i = 0; i < 100; i++) {
      sample[i] = 100 - i;
    }
    Percentiles p = new Percentiles(sample);

    assertEquals(50, p.at(50));
    assertEquals(99, p.at(99));
    assertEquals(100, p.at(100));
    assertEquals(1, p.at(0.5));
    assertEquals(100, p.max());
  }

  @Test
  void smallSamples() {
    assertEquals(7, new Percentiles(new double[] {7}).at(99));
    assertEquals(2, new Percentiles(new double[] {3, 1, 2}).at(50));
    assertEquals(3, new Percentiles(new double[] {3, 1, 2}).at(99));
  }

  @Test
  void refusesAnEmptySampleOrAPercentileOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> new Percentiles(new double[0]));
    assertThrows(IllegalArgumentException.class, () -> new Percentiles(new double[] {1}).at(0));
    assertThrows(IllegalArgumentException.class, () -> new Percentiles(new double[] {1}).at(101));
  }
}
