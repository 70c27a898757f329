package io.stancewatch.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts batches to {@code POST /statements/batch} from a few concurrent clients, each sending
 * its next batch as soon as the last one is answered, and counts the statements answered 202
 * between the end of the warm-up and the end of the measurement.
 */
final class BatchLoad {

  /** What the measured window saw. */
  record Result(double statementsPerSec, long statements, long batches, long failures, double meanBatchMs) {}

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String url;
  private final String token;
  private final List<byte[]> bodies;
  private final int batchSize;

  BatchLoad(String ingestUrl, String token, List<byte[]> bodies, int batchSize) {
    this.url = ingestUrl + "/statements/batch";
    this.token = token;
    this.bodies = bodies;
    this.batchSize = batchSize;
  }

  Result run(int clients, Duration warmUp, Duration measure) throws InterruptedException {
    long start = System.nanoTime();
    long from = start + warmUp.toNanos();
    long to = from + measure.toNanos();
    AtomicLong statements = new AtomicLong();
    AtomicLong batches = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    AtomicLong nanosInBatches = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread thread = new Thread(() -> {
        int n = client;
        while (System.nanoTime() < to) {
          byte[] body = bodies.get(n++ % bodies.size());
          long sent = System.nanoTime();
          int status;
          try {
            status = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
          } catch (Exception e) {
            status = -1;
          }
          long answered = System.nanoTime();
          if (answered >= from && answered <= to) {
            if (status == 202) {
              statements.addAndGet(batchSize);
              batches.incrementAndGet();
              nanosInBatches.addAndGet(answered - sent);
            } else {
              failures.incrementAndGet();
            }
          }
        }
      }, "batch-client-" + c);
      thread.start();
      threads.add(thread);
    }
    for (Thread t : threads) {
      t.join();
    }
    long b = batches.get();
    return new Result(statements.get() / (measure.toNanos() / 1e9), statements.get(), b, failures.get(),
        b == 0 ? 0 : nanosInBatches.get() / 1e6 / b);
  }
}
