package io.stancewatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JVM that the bench started (the broker or a service), its output in a log file of the
 * run folder. Stopping it sends SIGTERM first, as {@code ./stancewatch up} does, so the
 * services commit and close cleanly.
 */
final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  /** A generation's line in {@code jcmd GC.heap_info}, as G1, Parallel and Serial print it. */
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final String name;
  private final Process process;
  private final Path log;
  private final long startedNanos;
  private final int httpPort;
  private long peakRssKb;

  private ServiceProcess(String name, Process process, Path log, long startedNanos, int httpPort) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedNanos = startedNanos;
    this.httpPort = httpPort;
  }

  /** Starts {@code command} with these variables added to the bench's environment. */
  static ServiceProcess start(String name, List<String> command, Map<String, String> env, Path log, int httpPort) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    try {
      long started = System.nanoTime();
      return new ServiceProcess(name, builder.start(), log, started, httpPort);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name + ": " + command, e);
    }
  }

  String name() {
    return name;
  }

  long pid() {
    return process.pid();
  }

  int httpPort() {
    return httpPort;
  }

  String url() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** Seconds since the process was started. */
  double secondsSinceStart() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** Throws, naming the log file, when the process has exited. */
  void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; see " + log);
    }
  }

  /** Whether {@code GET /health} answers 200. */
  boolean healthy() {
    try {
      HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits for {@code GET /health} to answer 200 and returns the seconds since start. */
  double awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!healthy()) {
      checkAlive();
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " was not healthy within " + timeout + "; see " + log);
      }
      Thread.sleep(100);
    }
    return secondsSinceStart();
  }

  /** Waits until the process accepts TCP connections on its port (the broker, before any client talks to it). */
  void awaitPort(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      checkAlive();
      try (Socket socket = new Socket("127.0.0.1", httpPort)) {
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + " did not open port " + httpPort + " within " + timeout + "; see " + log);
        }
        Thread.sleep(200);
      }
    }
  }

  /** Peak resident memory so far (VmHWM of /proc/PID/status), in MiB; the last value read once stopped. */
  double peakRssMb() {
    if (process.isAlive()) {
      try {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
          if (line.startsWith("VmHWM:")) {
            peakRssKb = Math.max(peakRssKb, Long.parseLong(line.replaceAll("\\D", "")));
          }
        }
      } catch (IOException | NumberFormatException e) {
        // The process ended between the check and the read: keep the last value.
      }
    }
    return peakRssKb / 1024.0;
  }

  /**
   * The heap in use right after a full collection, in bytes: {@code jcmd GC.run} (a full GC
   * unless the JVM was told to make explicit ones concurrent), then the used bytes of
   * {@code jcmd GC.heap_info}, summed over the collector's generations.
   */
  long liveHeapBytes() throws IOException, InterruptedException {
    jcmd("GC.run");
    return usedHeapBytes(jcmd("GC.heap_info"));
  }

  /** The heap's used bytes in {@code jcmd GC.heap_info}'s output, summed over its generations (not Metaspace). */
  static long usedHeapBytes(String heapInfo) {
    Matcher used = HEAP_USED.matcher(heapInfo);
    long kb = 0;
    boolean found = false;
    while (used.find()) {
      kb += Long.parseLong(used.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("jcmd GC.heap_info shows no heap in use in a known form: " + heapInfo);
    }
    return kb * 1024;
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Path out = Files.createTempFile("jcmd-", ".txt");
    try {
      // Into a file, so the timeout holds even if jcmd hangs without closing its output.
      Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true)
          .redirectOutput(out.toFile()).start();
      boolean done = run.waitFor(60, TimeUnit.SECONDS);
      if (!done) {
        run.destroyForcibly();
      }
      String output = Files.readString(out, StandardCharsets.UTF_8);
      if (!done || run.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + pid() + " " + command + " failed for " + name + ": " + output);
      }
      return output;
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    peakRssMb();
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
