package io.stancewatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM that the bench started (the broker or a service), its output in a log file of the
 * run folder. Stopping it sends SIGTERM first, as {@code ./stancewatch up} does, so the
 * services commit and close cleanly.
 */
final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

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
