package io.stancewatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stancewatch.launcher.StackProcess;
import io.stancewatch.schemas.Topics;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * One bench run, in the order that keeps each measurement alone on the machine: the backlog
 * and its fold (against ConsumerPerformance and a minimal Kafka Streams application), the
 * view, the replay, then freshness, reads and query-service's heap on the folded state, and
 * last the writes (against ProducerPerformance and a no-op POST) with stance-service and
 * query-service stopped.
 */
final class Bench {

  static final String APPLICATION_ID = "stancewatch-stance-service";
  static final String REPLAY_APPLICATION_ID = "stancewatch-stance-service-replay";
  static final String PRODUCER_PERF_TOPIC = "bench.producer-perf";
  /**
   * Disk to ask for per backlog statement: twice the peak of a full run's broker data per
   * statement (the log, two generations of output, and what the write measurements append;
   * docs/PERFORMANCE.md).
   */
  static final long BYTES_PER_STATEMENT = 8_000;
  private static final double MIB = 1024 * 1024;

  /** When a stance-service was RUNNING and when its lag reached 0, in seconds since its start. */
  record CatchUp(double runningAfter, double caughtUpAfter) {
    double catchUpSeconds() {
      return caughtUpAfter - runningAfter;
    }
  }

  private final BenchOptions options;
  private final BenchOptions.Sizes sizes;
  private final Results results = new Results();
  private final ObjectMapper json = new ObjectMapper();
  private final long started = System.nanoTime();
  private StackProcess ingest;

  Bench(BenchOptions options) {
    this.options = options;
    this.sizes = options.sizes();
  }

  /**
   * Runs every measurement; on a failure the rows measured so far stay in {@link #results()}
   * and the error is recorded there too.
   */
  Results run() throws Exception {
    Path runDir = options.runDir();
    deleteRecursively(runDir);
    Files.createDirectories(runDir);
    describeRun();
    StatementFactory statements = new StatementFactory(sizes.actors(), sizes.issues());
    checkDiskSpace(runDir, statements);
    String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    try (Stack stack = new Stack(options.root(), runDir, options.jfr(), token)) {
      progress("starting Kafka");
      StackProcess kafka = stack.startKafka().awaitReady(Duration.ofMinutes(2));
      try (LogTools log = new LogTools(kafka.bootstrapServers())) {
        KafkaPerfTools perf = new KafkaPerfTools(kafka.bootstrapServers(), runDir);
        double recordBytes = foldAndReplay(stack, log, perf, statements);
        writes(stack, log, perf, statements, recordBytes);
      }
    } catch (Exception e) {
      results.run("error", e.toString());
      throw e;
    } finally {
      results.run("load_average_at_end", loadAverage());
      results.run("seconds", Math.round((System.nanoTime() - started) / 1e9));
      // The broker's log holds tens of GB after a full run; the logs and recordings stay.
      deleteRecursively(runDir.resolve("kafka"));
      for (String state : List.of("streams-count-state", "stance-1-state", "stance-2-state", "query-state")) {
        deleteRecursively(runDir.resolve(state));
      }
    }
    return results;
  }

  Results results() {
    return results;
  }

  /**
   * The fold of the backlog against ConsumerPerformance, then the replay (a new application
   * id, empty state, empty output topics) and the view built from it, then freshness and
   * reads on that state. Returns the mean statement record size for ProducerPerformance.
   */
  private double foldAndReplay(Stack stack, LogTools log, KafkaPerfTools perf, StatementFactory statements)
      throws Exception {
    long backlog = statements.backlogSize();
    progress("writing the backlog: %,d statements (%,d actors x %d issues x %d)", backlog, statements.actors(),
        statements.issues(), StatementFactory.ROUNDS);
    double recordBytes = log.writeBacklog(statements);
    results.detail("statement_record_bytes", Results.round(recordBytes));

    progress("ConsumerPerformance on %s (1 warm-up run, then %d)", Topics.STATEMENTS.name(), sizes.consumerRuns());
    perf.consumer(Topics.STATEMENTS.name(), backlog, "bench-consumer-perf-warm-up", "consumer-perf-warm-up");
    double[] consumerRates = new double[sizes.consumerRuns()];
    for (int r = 0; r < consumerRates.length; r++) {
      consumerRates[r] = perf.consumer(Topics.STATEMENTS.name(), backlog, "bench-consumer-perf-" + r,
          "consumer-perf-" + r).fetchMessagesPerSec();
    }
    double consumerRate = median(consumerRates);
    results.detail("consumer_perf_fetch_records_per_sec_runs", round(consumerRates));

    progress("Kafka Streams reference: count per key of %s (application id %s)", Topics.STATEMENTS.name(),
        StreamsCountReference.APPLICATION_ID);
    CatchUp count;
    try (StreamsCountReference reference =
        new StreamsCountReference(log.bootstrapServers(), options.runDir().resolve("streams-count-state"))) {
      count = awaitCatchUp(StreamsCountReference.APPLICATION_ID, () -> {
        reference.checkAlive();
        return reference.running();
      }, reference::secondsSinceStart, log);
    }
    // Its changelog is not needed again: the broker's disk is for stance-service's topics.
    log.deleteInternalTopics(StreamsCountReference.APPLICATION_ID);
    double countRate = backlog / count.catchUpSeconds();
    results.detail("streams_count_running_after_s", Results.round(count.runningAfter()));
    results.detail("streams_count_catch_up_s", Results.round(count.catchUpSeconds()));
    results.detail("streams_count_statements_per_sec", Math.round(countRate));

    progress("stance-service folds the backlog (application id %s)", APPLICATION_ID);
    StackProcess stance = stack.startStance("stance-1", APPLICATION_ID);
    CatchUp fold = awaitCatchUp(stance, log, APPLICATION_ID);
    double foldRate = backlog / fold.catchUpSeconds();
    results.detail("fold_running_after_s", Results.round(fold.runningAfter()));
    results.detail("fold_catch_up_s", Results.round(fold.catchUpSeconds()));
    results.detail("fold_statements_per_sec", Math.round(foldRate));
    results.detail("fold_changes_published", log.records(Topics.STANCE_CHANGES.name()));
    results.detail("fold_stances_published", log.records(Topics.STANCES.name()));
    results.detail("fold_history_published", log.records(Topics.STANCE_HISTORY.name()));
    results.detail("fold_actors_published", log.records(Topics.ACTORS.name()));
    // On disk, not published: the log cleaner may already have compacted rolled segments.
    results.detail("stances_topic_bytes_on_disk_after_fold", log.bytes(Topics.STANCES.name()));
    results.detail("history_topic_bytes_on_disk_after_fold", log.bytes(Topics.STANCE_HISTORY.name()));
    results.row("fold_vs_consumer", foldRate / consumerRate, "≥ 0.15", String.format(Locale.ROOT,
        "catch-up %,.0f statements/s (%,d in %.1f s after RUNNING, exactly_once_v2) / ConsumerPerformance"
            + " %,.0f records/s (median fetch rate)", foldRate, backlog, fold.catchUpSeconds(), consumerRate));
    results.row("fold_vs_streams_count", foldRate / countRate, "≥ 0.5", String.format(Locale.ROOT,
        "catch-up %,.0f statements/s / Kafka Streams groupByKey().count() %,.0f statements/s (%,d in %.1f s after"
            + " RUNNING; bytes, RocksDB, exactly_once_v2, 2 threads, commit every 50 ms)", foldRate, countRate,
        backlog, count.catchUpSeconds()));
    double stanceRss = JvmMemory.peakRssMb(stance);
    stance.stop();

    progress("replay: empty output topics, a stance-service with application id %s and empty state,"
        + " then a new query-service", REPLAY_APPLICATION_ID);
    log.deleteDerivedTopics(APPLICATION_ID);
    StackProcess replayStance = stack.startStance("stance-2", REPLAY_APPLICATION_ID);
    CatchUp replay = awaitCatchUp(replayStance, log, REPLAY_APPLICATION_ID);
    StackProcess query = stack.startQuery("query");
    double view = query.awaitReady(catchUpTimeout()).secondsSinceStart();
    double rebuild = replay.caughtUpAfter() + view;
    results.detail("fold_from_start_s", Results.round(fold.caughtUpAfter()));
    results.detail("replay_fold_from_start_s", Results.round(replay.caughtUpAfter()));
    results.detail("replay_view_up_after_s", Results.round(view));
    results.row("replay_vs_fold", rebuild / fold.caughtUpAfter(), "≤ 1.2", String.format(Locale.ROOT,
        "rebuild %.1f s (replay fold %.1f s, then view %.1f s) / catch-up %.1f s, each from process start",
        rebuild, replay.caughtUpAfter(), view, fold.caughtUpAfter()));

    ingest = stack.startIngest();
    ingest.awaitReady(Duration.ofMinutes(2));
    freshness(log, ingest, stack.token(), query, replayStance, statements);
    // At 2,000/s the fold may still be behind: the reads get a machine that has caught up.
    results.detail("fold_behind_after_freshness_s", Results.round(awaitNoLag(replayStance, log)));
    reads(query, statements);
    queryHeap(query);

    stanceRss = Math.max(stanceRss, JvmMemory.peakRssMb(replayStance));
    double queryRss = JvmMemory.peakRssMb(query);
    query.stop();
    replayStance.stop();
    results.row("stance_rss_mb", stanceRss, "report", String.format(Locale.ROOT,
        "peak VmHWM of the stance-service processes, %,d actors x %d issues", statements.actors(), statements.issues()));
    results.row("query_rss_mb", queryRss, "report", String.format(Locale.ROOT,
        "peak VmHWM of query-service (%s), %,d actors x %d issues, after the reads",
        String.join(" ", Stack.QUERY_JVM_OPTIONS), statements.actors(), statements.issues()));
    return recordBytes;
  }

  /**
   * Freshness at the issue's 1,000 statements/s, after a short probe at 100/s that shows the
   * pipeline's latency when nothing queues, then at 2,000/s, each run from a fold that has
   * caught up, so the fold's lag at the start and end of a measured window shows whether it
   * kept pace.
   */
  private void freshness(LogTools log, StackProcess ingestService, String token, StackProcess query,
      StackProcess stance, StatementFactory statements) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    progress("freshness probe: 100 statements/s for %d s (after %d s warm-up)", sizes.measure().toSeconds(),
        sizes.freshnessWarmUp().toSeconds());
    Freshness freshness = new Freshness(http, ingestService.url(), query.url(), token, log.bootstrapServers(),
        statements, () -> log.statementLag(REPLAY_APPLICATION_ID));
    Freshness.Result probe = freshness.run(log.changeTopicEnd(), 100, sizes.freshnessWarmUp(), sizes.measure());
    results.detail("freshness_at_100_per_s", probe);
    progressStages(probe);
    progress("freshness: %d statements/s to POST /statements for %d s (after %d s warm-up), watched on /changes/stream",
        sizes.freshnessPerSecond(), sizes.freshnessMeasure().toSeconds(), sizes.freshnessWarmUp().toSeconds());
    Freshness.Result fresh = freshness.run(log.changeTopicEnd(), sizes.freshnessPerSecond(), sizes.freshnessWarmUp(),
        sizes.freshnessMeasure());
    String how = String.format(Locale.ROOT, "202 -> change on /changes/stream, %,d statements at %.0f/s"
            + " (%d never seen, counted as lower bounds; %d failed; %d slots skipped with %d posts waiting;"
            + " at 100/s: p50 %.0f ms, p99 %.0f ms)",
        fresh.measured(), fresh.postedPerSec(), fresh.missing(), fresh.failedPosts(), fresh.slotsSkipped(),
        Freshness.MAX_IN_FLIGHT, probe.p50Ms(), probe.p99Ms());
    results.row("freshness_p50_ms", fresh.p50Ms(), "≤ 50", how);
    results.row("freshness_p99_ms", fresh.p99Ms(), "≤ 200", "max " + Results.format(fresh.maxMs()) + " ms");
    results.detail("freshness_at_" + sizes.freshnessPerSecond() + "_per_s", fresh);
    progressStages(fresh);

    results.detail("fold_behind_before_high_freshness_s", Results.round(awaitNoLag(stance, log)));
    int highRate = sizes.freshnessHighPerSecond();
    progress("freshness: %d statements/s for %d s (after %d s warm-up)", highRate,
        sizes.freshnessHighMeasure().toSeconds(), sizes.freshnessWarmUp().toSeconds());
    Freshness.Result high = freshness.run(log.changeTopicEnd(), highRate, sizes.freshnessWarmUp(),
        sizes.freshnessHighMeasure());
    long growth = high.foldLagAtMeasureEnd() - high.foldLagAtMeasureStart();
    results.row("freshness_2k_p99_ms", high.p99Ms(), "report", String.format(Locale.ROOT,
        "202 -> change on /changes/stream at %,d/s: p50 %,.0f ms, max %,.0f ms; %,d statements at %,.0f/s (%d never"
            + " seen, %d failed, %,d slots skipped); fold lag on %s %,d at the window's start, %,d at its end",
        highRate, high.p50Ms(), high.maxMs(), high.measured(), high.postedPerSec(), high.missing(), high.failedPosts(),
        high.slotsSkipped(), Topics.STATEMENTS.name(), high.foldLagAtMeasureStart(), high.foldLagAtMeasureEnd()));
    Map<String, Object> lag = new LinkedHashMap<>();
    lag.put("at_measure_start", high.foldLagAtMeasureStart());
    lag.put("at_measure_end", high.foldLagAtMeasureEnd());
    lag.put("growth", growth);
    lag.put("growth_per_sec", Results.round(growth / (sizes.freshnessHighMeasure().toNanos() / 1e9)));
    results.detail("fold_lag_growth", lag);
    results.detail("freshness_at_" + highRate + "_per_s", high);
    progressStages(high);
    progress("  fold lag on %s: %,d at the window's start, %,d at its end", Topics.STATEMENTS.name(),
        high.foldLagAtMeasureStart(), high.foldLagAtMeasureEnd());
  }

  private void progressStages(Freshness.Result result) {
    result.stages().forEach((stage, at) -> progress("  202 -> readable in %s: p50 %.0f ms, p99 %.0f ms, %d never",
        stage, at.p50Ms(), at.p99Ms(), at.missing()));
    progress("  202 -> on /changes/stream: p50 %.0f ms, p99 %.0f ms, %d never", result.p50Ms(), result.p99Ms(),
        result.missing());
  }

  private void reads(StackProcess query, StatementFactory statements) throws InterruptedException {
    progress("reads: wrk, %d connections, GET /actors/{a}/stances/{t} and the no-op GET, %d s each (after %d s warm-up)",
        Wrk.CONNECTIONS, sizes.measure().toSeconds(), sizes.warmUp().toSeconds());
    List<String> actors = IntStream.range(0, statements.actors()).mapToObj(statements::actor).toList();
    List<String> issues = IntStream.range(0, statements.issues()).mapToObj(statements::issue).toList();
    Wrk wrk = new Wrk(options.runDir());
    WrkOutput real = wrk.measure("get-stance", query.url(), Wrk.stanceGetScript("", actors, issues),
        sizes.warmUp(), sizes.measure());
    WrkOutput noop = wrk.measure("get-noop", query.url(), Wrk.stanceGetScript("/bench/noop", actors, issues),
        sizes.warmUp(), sizes.measure());
    results.row("query_vs_noop", real.requestsPerSec() / noop.requestsPerSec(), "≥ 0.8", String.format(Locale.ROOT,
        "GET stance %,.0f req/s (p99 %.1f ms, %d non-2xx) / no-op GET %,.0f req/s (p99 %.1f ms)",
        real.requestsPerSec(), real.latencyMs().getOrDefault(99, Double.NaN), real.non2xx() + real.socketErrors(),
        noop.requestsPerSec(), noop.latencyMs().getOrDefault(99, Double.NaN)));
    results.detail("get_stance", real);
    results.detail("get_noop", noop);
  }

  /**
   * query-service's live heap with the whole data set loaded (after the reads, so any answers
   * it keeps are in it too), against issue 12's budget of 1 KB per (actor, issue) pair. A
   * failure to read it is recorded and the run goes on to the writes.
   */
  private void queryHeap(StackProcess query) throws InterruptedException {
    query.checkAlive();
    long bytes;
    try {
      bytes = JvmMemory.liveHeapBytes(query);
    } catch (IOException | IllegalStateException e) {
      results.detail("query_heap_error", e.getMessage());
      return;
    }
    long pairs = sizes.pairs();
    double perPair = (double) bytes / pairs;
    results.row("query_heap_mb", bytes / MIB, String.format(Locale.ROOT, "≤ %.1f", pairs * 1024 / MIB),
        String.format(Locale.ROOT, "used heap after a full GC (jcmd GC.run, GC.heap_info), %s, after the reads:"
            + " %,.0f bytes per pair for %,d pairs; the target is 1 KB per pair", String.join(" ",
            Stack.QUERY_JVM_OPTIONS), perPair, pairs));
    results.detail("query_heap_bytes_per_pair", Math.round(perPair));
  }

  private void writes(Stack stack, LogTools log, KafkaPerfTools perf, StatementFactory statements,
      double recordBytes) throws Exception {
    int recordSize = (int) Math.round(recordBytes);
    progress("ProducerPerformance: %,d records of %d bytes, acks=all (after %,d to warm up)", sizes.producerRecords(),
        recordSize, sizes.producerWarmUpRecords());
    log.createTopic(PRODUCER_PERF_TOPIC, Stack.PARTITIONS);
    perf.producer(PRODUCER_PERF_TOPIC, sizes.producerWarmUpRecords(), recordSize, "producer-perf-warm-up");
    KafkaToolOutput.ProducerSummary producer =
        perf.producer(PRODUCER_PERF_TOPIC, sizes.producerRecords(), recordSize, "producer-perf");
    results.detail("producer_perf", producer);

    progress("POST /statements/batch: %d clients, batches of %d, %d s (after %d s warm-up)", sizes.batchClients(),
        sizes.batchSize(), sizes.measure().toSeconds(), sizes.warmUp().toSeconds());
    SplittableRandom random = new SplittableRandom(6);
    List<byte[]> batches = new ArrayList<>();
    for (int b = 0; b < 8; b++) {
      List<Map<String, Object>> batch = new ArrayList<>();
      for (int n = 0; n < sizes.batchSize(); n++) {
        batch.add(StatementFactory.json(statements.backlog(random.nextInt(statements.actors()),
            random.nextInt(statements.issues()), random.nextInt(StatementFactory.ROUNDS)), false));
      }
      batches.add(json.writeValueAsBytes(batch));
    }
    BatchLoad.Result batch = new BatchLoad(ingest.url(), stack.token(), batches, sizes.batchSize())
        .run(sizes.batchClients(), sizes.warmUp(), sizes.measure());
    results.detail("batch", batch);
    results.row("ingest_batch_vs_producer", batch.statementsPerSec() / producer.recordsPerSec(), "≥ 0.6",
        String.format(Locale.ROOT, "POST /statements/batch %,.0f statements/s (%d failed) / ProducerPerformance"
                + " %,.0f records/s (%d B, acks=all)", batch.statementsPerSec(), batch.failures(),
            producer.recordsPerSec(), recordSize));

    progress("POST /statements and the no-op POST: wrk, %d connections, %d s each (after %d s warm-up)",
        Wrk.CONNECTIONS, sizes.measure().toSeconds(), sizes.warmUp().toSeconds());
    List<String> bodies = new ArrayList<>();
    for (int n = 0; n < 100; n++) {
      bodies.add(json.writeValueAsString(StatementFactory.json(statements.backlog(random.nextInt(statements.actors()),
          random.nextInt(statements.issues()), random.nextInt(StatementFactory.ROUNDS)), false)));
    }
    Wrk wrk = new Wrk(options.runDir());
    WrkOutput post = wrk.measure("post-statement", ingest.url(), Wrk.postScript("/statements", stack.token(), bodies),
        sizes.warmUp(), sizes.measure());
    WrkOutput noop = wrk.measure("post-noop", ingest.url(), Wrk.postScript("/bench/noop", stack.token(), bodies),
        sizes.warmUp(), sizes.measure());
    results.row("post_vs_noop", post.requestsPerSec() / noop.requestsPerSec(), "≥ 0.5", String.format(Locale.ROOT,
        "POST /statements %,.0f req/s (p99 %.1f ms, %d non-2xx) / no-op POST %,.0f req/s (p99 %.1f ms)",
        post.requestsPerSec(), post.latencyMs().getOrDefault(99, Double.NaN), post.non2xx() + post.socketErrors(),
        noop.requestsPerSec(), noop.latencyMs().getOrDefault(99, Double.NaN)));
    results.detail("post_statement", post);
    results.detail("post_noop", noop);
    results.detail("ingest_rss_mb", Results.round(JvmMemory.peakRssMb(ingest)));
  }

  /** Polls health (RUNNING) and the group's lag until the lag is 0 with the streams running. */
  private CatchUp awaitCatchUp(StackProcess stance, LogTools log, String applicationId)
      throws InterruptedException, ExecutionException {
    return awaitCatchUp(applicationId, () -> {
      stance.checkAlive();
      return stance.health().status() == 200;
    }, stance::secondsSinceStart, log);
  }

  /** Seconds until the replay's stance-service has no lag again. */
  private double awaitNoLag(StackProcess stance, LogTools log) throws InterruptedException, ExecutionException {
    long from = System.nanoTime();
    awaitCatchUp(stance, log, REPLAY_APPLICATION_ID);
    return (System.nanoTime() - from) / 1e9;
  }

  /**
   * Polls {@code running} (which throws if the application died) and the group's committed
   * offsets every 200 ms until the lag is 0 with the application running: the same clock for
   * stance-service and the Kafka Streams reference.
   */
  private CatchUp awaitCatchUp(String applicationId, BooleanSupplier running, DoubleSupplier secondsSinceStart,
      LogTools log) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + catchUpTimeout().toNanos();
    Double runningAfter = null;
    while (true) {
      if (runningAfter == null && running.getAsBoolean()) {
        runningAfter = secondsSinceStart.getAsDouble();
      }
      if (runningAfter != null && log.lag(applicationId) == 0) {
        return new CatchUp(runningAfter, secondsSinceStart.getAsDouble());
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(applicationId + " did not catch up within " + catchUpTimeout());
      }
      Thread.sleep(200);
    }
  }

  /** Refuses to start rather than fill the disk. */
  private void checkDiskSpace(Path runDir, StatementFactory statements) throws IOException {
    long needed = statements.backlogSize() * BYTES_PER_STATEMENT;
    long usable = Files.getFileStore(runDir).getUsableSpace();
    results.run("disk_usable_gb", Results.round(usable / 1e9));
    if (usable < needed) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "the run needs about %.0f GB of disk in %s, only %.0f GB are free", needed / 1e9, runDir, usable / 1e9));
    }
  }

  private Duration catchUpTimeout() {
    return options.quick() ? Duration.ofMinutes(4) : Duration.ofMinutes(20);
  }

  private void describeRun() throws IOException {
    results.run("mode", options.quick() ? "quick" : "full");
    results.run("sizes", sizes.json());
    results.run("load_average_at_start", loadAverage());
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("nproc", Runtime.getRuntime().availableProcessors());
    machine.put("cpu", cpuInfo("model name"));
    machine.put("memory", cpuOrMem(Path.of("/proc/meminfo"), "MemTotal"));
    machine.put("java", System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")");
    results.run("machine", machine);
  }

  private static String cpuInfo(String field) throws IOException {
    return cpuOrMem(Path.of("/proc/cpuinfo"), field);
  }

  private static String cpuOrMem(Path file, String field) throws IOException {
    if (!Files.exists(file)) {
      return "unknown";
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(l -> l.startsWith(field)).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse("unknown");
    }
  }

  static String loadAverage() {
    try {
      return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+"), 3));
    } catch (IOException e) {
      return "unknown";
    }
  }

  private void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[bench %4ds] %s%n", Math.round((System.nanoTime() - started) / 1e9),
        String.format(Locale.ROOT, format, args));
  }

  static double median(double[] values) {
    return new Percentiles(values).at(50);
  }

  private static double[] round(double[] values) {
    return Arrays.stream(values).map(Results::round).toArray();
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
