package io.stancewatch.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the stack, the local broker or a service, as a process of its own. It can be
 * killed (SIGKILL) and started again with the same command, environment and data, as a crash
 * and a restart would; every line it prints goes to the {@link Output}. Made by {@link Launcher}.
 */
public final class StackProcess implements AutoCloseable {

  /** What local-kafka logs once it serves and the contract's topics exist. */
  static final String BROKER_READY = "Kafka ready on";
  /** How long a stop waits for a clean exit before it kills. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  /** Ample for a node whose quorum is still there: such nodes stop within a few seconds. */
  private static final Duration CLUSTER_STOP_TIMEOUT = Duration.ofSeconds(20);

  /**
   * The child ignores SIGINT, as a shell's background jobs do: Ctrl-C in a terminal signals the
   * whole process group, and only the launcher may act on it, so it can stop the services
   * before the broker. SIGTERM and SIGKILL still reach the JVM, which {@code exec} keeps at
   * this pid.
   */
  private static final List<String> IGNORING_SIGINT = List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final int port;
  private final boolean broker;
  private final List<String> jvmOptions;
  private final List<String> program;
  private final Map<String, String> environment;
  private final Path workingDir;
  private final Output output;
  private volatile Process process;
  private volatile Thread pump;
  private volatile long startedNanos;
  private volatile boolean brokerReady;

  StackProcess(String name, int port, boolean broker, List<String> jvmOptions, List<String> program,
      Map<String, String> environment, Path workingDir, Output output) {
    this.name = name;
    this.port = port;
    this.broker = broker;
    this.jvmOptions = new ArrayList<>(jvmOptions);
    this.program = List.copyOf(program);
    this.environment = Map.copyOf(environment);
    this.workingDir = workingDir;
    this.output = output;
  }

  public String name() {
    return name;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Adds JVM options, after the launcher's so they win where both set one; for the next
   * {@link #start()}.
   */
  public StackProcess withJvmOptions(List<String> options) {
    jvmOptions.addAll(options);
    return this;
  }

  /** Starts the process; {@link #awaitReady} waits until it serves. */
  public StackProcess start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    List<String> command = new ArrayList<>(IGNORING_SIGINT);
    command.add(Launcher.java());
    command.addAll(jvmOptions);
    command.addAll(program);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(Launcher::isStancewatchVariable);
    env.putAll(environment);
    brokerReady = false;
    try {
      startedNanos = System.nanoTime();
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start " + name, e);
    }
    Process started = process;
    pump = new Thread(() -> pump(started), name + "-output");
    pump.setDaemon(true);
    pump.start();
    return this;
  }

  /**
   * Waits until the broker has said it is ready, or the service's {@code /health} answers 200;
   * throws, saying where its output is, if it exits or the timeout passes first.
   */
  public StackProcess awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      checkAlive();
      if (broker ? brokerReady : health().status() == 200) {
        return this;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds() + " s; "
            + output.whereToLook(name));
      }
      // Often enough for the bench's timings, seldom enough to keep a failing health check's log readable.
      Thread.sleep(250);
    }
  }

  public StackProcess startAndAwaitReady(Duration timeout) throws InterruptedException {
    return start().awaitReady(timeout);
  }

  /** Seconds since the last start. */
  public double secondsSinceStart() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Throws, saying where its output is, if the process has exited. */
  public void checkAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(name + " exited with status " + process.exitValue() + "; "
          + output.whereToLook(name));
    }
  }

  /** Completes when the process started last exits. */
  public CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  /** {@code GET /health}: status 0 when nothing answers. */
  public Health health() {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/health"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      return new Health(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Health(0, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Health(0, e.toString());
    }
  }

  /** A {@code /health} answer. */
  public record Health(int status, String body) {}

  /**
   * SIGKILL, as a crash or the OOM killer would: no shutdown hook, nothing flushed or closed.
   * Returns once it has exited and its last line is out.
   */
  public void kill() throws InterruptedException {
    // Through the handle: Process.destroy would also close the pipe its last lines are still in.
    process.toHandle().destroyForcibly();
    if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " did not exit on SIGKILL");
    }
    pump.join(TimeUnit.SECONDS.toMillis(10));
  }

  /**
   * SIGTERM, so it commits and closes cleanly; returns once it has exited and its last line is
   * out. SIGKILL if it has not exited within {@link #STOP_TIMEOUT}, or if the waiting thread is
   * interrupted (a second Ctrl-C).
   */
  public void stop() {
    if (isAlive()) {
      process.toHandle().destroy();
      awaitStop(STOP_TIMEOUT);
    }
  }

  /**
   * Stops the nodes of a Kafka cluster: each is sent SIGTERM before any is waited for, and
   * killed if it has not exited within {@link #CLUSTER_STOP_TIMEOUT}. A node's clean stop asks
   * the controller quorum to move its leaderships away, and Kafka waits up to five minutes for
   * the answer; a node left the last, once the others have taken their controllers with them,
   * would wait for a quorum that has gone. Its log is recovered at its next start.
   */
  static void stopCluster(List<StackProcess> nodes) {
    // A single node is its own quorum.
    Duration timeout = nodes.size() > 1 ? CLUSTER_STOP_TIMEOUT : STOP_TIMEOUT;
    List<StackProcess> running = nodes.stream().filter(StackProcess::isAlive).toList();
    running.forEach(p -> p.process.toHandle().destroy());
    running.forEach(p -> p.awaitStop(timeout));
  }

  private void awaitStop(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        output.line(name, "did not stop within " + timeout.toSeconds() + " s; killing it");
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      pump.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      process.toHandle().destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private void pump(Process started) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        output.line(name, line);
        if (broker && line.contains(BROKER_READY)) {
          brokerReady = true;
        }
      }
    } catch (IOException e) {
      output.line(name, "output closed: " + e.getMessage());
    }
  }
}
