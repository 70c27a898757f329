package io.stancewatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./stancewatch bench [--quick] [--jfr]}: measures Stancewatch against Kafka's own perf
 * tools and no-op endpoints on one embedded broker, prints the table and writes
 * {@code bench-results.json}. {@code --jfr} records a flight recording of each service into
 * the run folder ({@code bench/target/bench-run}), next to every process's log.
 */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args, defaultRoot());
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage() + "\nusage: " + BenchOptions.SYNOPSIS);
      System.exit(2);
      return;
    }
    Bench bench = new Bench(options);
    Exception failure = null;
    try {
      bench.run();
    } catch (Exception e) {
      failure = e;
    }
    Results results = bench.results();
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    Files.writeString(options.out(), json.writeValueAsString(results.json()) + "\n");
    System.out.println();
    System.out.println("Stancewatch bench (" + (options.quick()
        ? "--quick: " + options.sizes().actors() + " actors x " + options.sizes().issues()
            + " issues, shorter runs; the full run uses 10,000 x 50" : "full") + ")");
    System.out.println();
    System.out.print(results.table());
    System.out.println();
    System.out.println("Written to " + options.out() + "; logs, wrk scripts"
        + (options.jfr() ? ", flight recordings" : "") + " in " + options.runDir());
    if (failure != null) {
      System.err.println("bench: stopped early, the table holds what was measured before:");
      failure.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }

  /** The repository: the bench jar lies in {@code ROOT/bench/target}. */
  private static Path defaultRoot() throws URISyntaxException {
    Path jar = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return jar.getParent().getParent().getParent();
  }
}
