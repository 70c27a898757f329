package io.stancewatch.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code ./stancewatch bench} was asked for, and the sizes that follow from it. The full
 * run uses the sizes of issue 6; {@code --quick} the same measurements, smaller and shorter.
 */
record BenchOptions(boolean quick, Path root, Path out, boolean jfr, Sizes sizes) {

  static final String SYNOPSIS = "bench [--quick] [--jfr] [--root DIR] [--out FILE]";

  /**
   * How big and how long each measurement is. Freshness runs at {@code freshnessPerSecond} for
   * {@code freshnessMeasure}, then at {@code freshnessHighPerSecond} for {@code freshnessHighMeasure}.
   */
  record Sizes(int actors, int issues, Duration warmUp, Duration measure, Duration freshnessWarmUp,
      Duration freshnessMeasure, int freshnessPerSecond, int freshnessHighPerSecond, Duration freshnessHighMeasure,
      long producerWarmUpRecords, long producerRecords, int consumerRuns, int batchClients, int batchSize) {

    static Sizes full() {
      return new Sizes(10_000, 50, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10),
          Duration.ofSeconds(60), 1000, 2000, Duration.ofSeconds(60), 500_000, 3_000_000, 3, 4, 1000);
    }

    long pairs() {
      return (long) actors * issues;
    }

    /** For bench-results.json: durations in seconds. */
    Map<String, Object> json() {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("actors", actors);
      json.put("issues", issues);
      json.put("backlog_statements", (long) actors * issues * StatementFactory.ROUNDS);
      json.put("warm_up_s", warmUp.toSeconds());
      json.put("measure_s", measure.toSeconds());
      json.put("freshness_warm_up_s", freshnessWarmUp.toSeconds());
      json.put("freshness_measure_s", freshnessMeasure.toSeconds());
      json.put("freshness_per_second", freshnessPerSecond);
      json.put("freshness_high_per_second", freshnessHighPerSecond);
      json.put("freshness_high_measure_s", freshnessHighMeasure.toSeconds());
      json.put("producer_perf_records", producerRecords);
      json.put("consumer_perf_runs", consumerRuns);
      json.put("batch_clients", batchClients);
      json.put("batch_size", batchSize);
      json.put("http_connections", Wrk.CONNECTIONS);
      return json;
    }

    static Sizes quick() {
      return new Sizes(1_000, 50, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5),
          Duration.ofSeconds(20), 1000, 2000, Duration.ofSeconds(10), 100_000, 500_000, 3, 4, 1000);
    }
  }

  /** Parses the arguments; {@link IllegalArgumentException} names a wrong one. */
  static BenchOptions parse(String[] args, Path defaultRoot) {
    boolean quick = false;
    boolean jfr = false;
    Path root = defaultRoot;
    Path out = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--jfr" -> jfr = true;
        case "--root" -> root = Path.of(value(args, ++i, "--root"));
        case "--out" -> out = Path.of(value(args, ++i, "--out"));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    root = root.toAbsolutePath().normalize();
    return new BenchOptions(quick, root, out == null ? root.resolve("bench-results.json") : out, jfr,
        quick ? Sizes.quick() : Sizes.full());
  }

  Path runDir() {
    return root.resolve("bench").resolve("target").resolve("bench-run");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
