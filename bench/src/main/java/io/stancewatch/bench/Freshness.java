package io.stancewatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stancewatch.events.Stance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * How long a statement takes from its 202 to being visible in the query API. Statements go
 * to {@code POST /statements} at a steady rate, each reversing a backlog pair's stance so
 * that it causes exactly one change; a subscriber of {@code GET /changes/stream} (resumed at
 * the change topic's end, so it gets only new changes) timestamps each change's arrival by
 * its {@code causeStatementId}. The query API has the change in its views when it streams it.
 */
final class Freshness {

  /**
   * Latencies of the statements posted after the warm-up, in milliseconds; {@code missing}
   * changes never arrived and count as arriving when the bench stopped waiting. The fold's lag
   * on the statement log is sampled as the measured window starts and as the posts stop.
   */
  record Result(double p50Ms, double p99Ms, double maxMs, int measured, int missing, int seenBeforeAck,
      int failedPosts, int slotsSkipped, double postedPerSec, Map<StageProbe.Stage, Stage> stages,
      long foldLagAtMeasureStart, long foldLagAtMeasureEnd) {}

  /** From the 202 to the statement being readable at a {@link StageProbe.Stage}; {@code missing} were never seen there. */
  record Stage(double p50Ms, double p99Ms, int missing) {}

  /**
   * At most this many posts wait for their answer at once: when the service answers more
   * slowly than the rate needs, the rate drops (and is reported) rather than the connections
   * growing without bound.
   */
  static final int MAX_IN_FLIGHT = 256;

  private static final Pattern CAUSE = Pattern.compile("\"causeStatementId\"\\s*:\\s*\"([^\"]+)\"");
  private static final Instant FRESH_START = Instant.parse("2025-06-01T00:00:00Z");
  private static final long STRIDE = 7919;
  /** How long after the last post the changes of the posts answered 202 are waited for. */
  private static final Duration STRAGGLER_WAIT = Duration.ofSeconds(20);

  private final HttpClient http;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final ObjectMapper json = new ObjectMapper();
  private final String ingestUrl;
  private final String queryUrl;
  private final String token;
  private final String bootstrapServers;
  private final StatementFactory statements;
  private final Callable<Long> foldLag;
  private final Map<String, Long> acked = new ConcurrentHashMap<>();
  private final Map<String, Long> seen = new ConcurrentHashMap<>();
  /** The label each pair has after the posts so far (absent: the backlog's), so each post changes it. */
  private final Map<Long, Stance> labels = new ConcurrentHashMap<>();
  private final String nonce = Long.toString(System.currentTimeMillis(), 36);
  /** Statements posted by every run so far: pairs are taken in turn, so one is reused only after all others. */
  private long posted;

  /** {@code foldLag} reads the fold's consumer-group lag on the statement log. */
  Freshness(HttpClient http, String ingestUrl, String queryUrl, String token, String bootstrapServers,
      StatementFactory statements, Callable<Long> foldLag) {
    this.http = http;
    this.foldLag = foldLag;
    this.bootstrapServers = bootstrapServers;
    this.ingestUrl = ingestUrl;
    this.queryUrl = queryUrl;
    this.token = token;
    this.statements = statements;
  }

  Result run(Map<Integer, Long> changeTopicEnd, int perSecond, Duration warmUp, Duration measure)
      throws InterruptedException, ExecutionException {
    Stream<String> changes = subscribe(changeTopicEnd);
    StageProbe probe = new StageProbe(bootstrapServers, "bench-fresh-" + nonce + "-");
    KeepAlivePoster poster = new KeepAlivePoster(URI.create(ingestUrl + "/statements"), token, MAX_IN_FLIGHT);
    // The lag is read off the posting thread: an Admin round trip there would delay the slots.
    ScheduledExecutorService lagReader = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "fold-lag-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      long start = System.nanoTime();
      long measureFrom = start + warmUp.toNanos();
      long end = measureFrom + measure.toNanos();
      Future<Long> lagAtStart = lagReader.schedule(foldLag, measureFrom - System.nanoTime(), TimeUnit.NANOSECONDS);
      List<String> measured = new ArrayList<>();
      AtomicInteger failed = new AtomicInteger();
      int skipped = 0;
      long slot = 0;
      while (System.nanoTime() < end) {
        long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
        for (; slot < due; slot++) {
          // A slot whose post cannot start now is dropped, not sent later in a burst.
          if (!inFlight.tryAcquire()) {
            skipped += System.nanoTime() >= measureFrom ? 1 : 0;
            continue;
          }
          String id = "bench-fresh-" + nonce + "-" + posted;
          if (System.nanoTime() >= measureFrom) {
            measured.add(id);
          }
          post(poster, id, posted++, failed);
        }
        TimeUnit.MICROSECONDS.sleep(500);
      }
      Future<Long> lagAtEnd = lagReader.submit(foldLag);
      // Every post answered (or 30 s passed): then wait for the changes of those answered 202.
      if (inFlight.tryAcquire(MAX_IN_FLIGHT, 30, TimeUnit.SECONDS)) {
        inFlight.release(MAX_IN_FLIGHT);
      }
      long deadline = System.nanoTime() + STRAGGLER_WAIT.toNanos();
      while (System.nanoTime() < deadline && !seen.keySet().containsAll(acked.keySet())) {
        Thread.sleep(100);
      }
      return summarise(measured, failed.get(), skipped, measure, System.nanoTime(), probe,
          lagAtStart.get(), lagAtEnd.get());
    } finally {
      lagReader.shutdownNow();
      poster.close();
      probe.close();
      changes.close();
    }
  }

  private void post(KeepAlivePoster poster, String id, long n, AtomicInteger failed) {
    long pair = (n * STRIDE) % ((long) statements.actors() * statements.issues());
    int a = (int) (pair / statements.issues());
    int i = (int) (pair % statements.issues());
    Stance before = labels.getOrDefault(pair, statements.finalStance(a, i));
    Stance stance = Stance.values()[(before.ordinal() + 1) % Stance.values().length];
    labels.put(pair, stance);
    byte[] body;
    try {
      body = json.writeValueAsBytes(StatementFactory.json(
          statements.fresh(id, a, i, stance, FRESH_START.plusMillis(n), n), true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    poster.post(body, status -> {
      long at = System.nanoTime();
      if (status == 202) {
        acked.put(id, at);
      } else {
        failed.incrementAndGet();
      }
      inFlight.release();
    });
  }

  /**
   * Opens the change stream at the topic's end and reads it on a thread of its own; closing
   * the returned stream closes the connection.
   */
  private Stream<String> subscribe(Map<Integer, Long> changeTopicEnd) throws InterruptedException {
    String lastEventId = changeTopicEnd.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + "-" + e.getValue()).collect(Collectors.joining("."));
    HttpResponse<Stream<String>> response;
    try {
      response = http.send(HttpRequest.newBuilder(URI.create(queryUrl + "/changes/stream"))
          .header("Accept", "text/event-stream").header("Last-Event-ID", lastEventId).build(),
          HttpResponse.BodyHandlers.ofLines());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not open the change stream", e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /changes/stream answered " + response.statusCode());
    }
    Stream<String> lines = response.body();
    Thread reader = new Thread(() -> {
      try {
        lines.forEach(line -> {
          if (line.startsWith("data:")) {
            Matcher m = CAUSE.matcher(line);
            if (m.find()) {
              seen.putIfAbsent(m.group(1), System.nanoTime());
            }
          }
        });
      } catch (RuntimeException e) {
        // Closed by run(), or by the service stopping.
      }
    }, "change-stream-reader");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  /** A change that never arrived counts as arriving when the wait ended: a lower bound, so percentiles stay honest. */
  private Result summarise(List<String> measured, int failedPosts, int skipped, Duration measure, long waitedUntil,
      StageProbe probe, long lagAtStart, long lagAtEnd) {
    Latencies stream = latencies(measured, seen::get, waitedUntil);
    if (stream.ms().length == 0) {
      throw new IllegalStateException("No measured statement was answered 202 (" + failedPosts + " failed)");
    }
    Percentiles p = new Percentiles(stream.ms());
    Map<StageProbe.Stage, Stage> stages = new EnumMap<>(StageProbe.Stage.class);
    for (StageProbe.Stage stage : StageProbe.Stage.values()) {
      Latencies at = latencies(measured, id -> probe.seen(stage, id), null);
      Percentiles q = at.ms().length == 0 ? null : new Percentiles(at.ms());
      stages.put(stage, new Stage(q == null ? Double.NaN : q.at(50), q == null ? Double.NaN : q.at(99), at.missing()));
    }
    return new Result(p.at(50), p.at(99), p.max(), p.count(), stream.missing(), stream.early(), failedPosts, skipped,
        measured.size() / (measure.toNanos() / 1e9), stages, lagAtStart, lagAtEnd);
  }

  /** Milliseconds from each 202 to its arrival (0 if it came first); {@code missing} never arrived. */
  private record Latencies(double[] ms, int missing, int early) {}

  /**
   * From the 202 of each measured statement answered 202 to {@code arrival}: those that never
   * arrived count as arriving at {@code missingAt}, or are left out when it is null.
   */
  private Latencies latencies(List<String> measured, Function<String, Long> arrival, Long missingAt) {
    List<Double> ms = new ArrayList<>();
    int missing = 0;
    int early = 0;
    for (String id : measured) {
      Long ack = acked.get(id);
      if (ack == null) {
        continue;
      }
      Long arrived = arrival.apply(id);
      if (arrived == null) {
        missing++;
        arrived = missingAt;
      }
      if (arrived != null) {
        early += arrived < ack ? 1 : 0;
        ms.add(Math.max(0, (arrived - ack) / 1e6));
      }
    }
    return new Latencies(ms.stream().mapToDouble(Double::doubleValue).toArray(), missing, early);
  }
}
