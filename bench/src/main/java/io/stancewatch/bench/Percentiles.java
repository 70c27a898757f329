package io.stancewatch.bench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample: the smallest value with at least p % of the sample at or below it. */
final class Percentiles {

  private final double[] sorted;

  Percentiles(double[] sample) {
    if (sample.length == 0) {
      throw new IllegalArgumentException("no sample");
    }
    this.sorted = sample.clone();
    Arrays.sort(this.sorted);
  }

  /** The p-th percentile, p in (0, 100]. */
  double at(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  int count() {
    return sorted.length;
  }

  double max() {
    return sorted[sorted.length - 1];
  }
}
