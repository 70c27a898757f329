package io.stancewatch.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./stancewatch up} run as a user runs it, in a process of its own, on free ports. Its
 * output is echoed with a prefix so a failing test shows what the services said.
 */
final class StancewatchUp implements AutoCloseable {

  static final Path ROOT = Path.of(System.getProperty("stancewatch.root", "..")).toAbsolutePath().normalize();
  static final String TOKEN = "e2e-test-token";
  /** Every JVM the tests start, through up or not: small heaps, quick start-up. */
  static final String JAVA_OPTS = "-Xmx512m -XX:TieredStopAtLevel=1";
  private static boolean built;

  final int kafkaPort;
  final int ingestPort;
  final int queryPort;
  final int stancePort;
  private final Process process;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final List<String> output = new ArrayList<>();

  private StancewatchUp(Path dataDir, boolean demo, int[] ports) throws IOException {
    kafkaPort = ports[0];
    ingestPort = ports[1];
    queryPort = ports[2];
    stancePort = ports[3];
    // In a session, and so a process group, of its own: killAll can then SIGKILL up and all it started at once.
    List<String> command = new ArrayList<>(List.of("setsid", "bash", ROOT.resolve("stancewatch").toString(), "up",
        "--data-dir", dataDir.toString()));
    if (demo) {
      command.add("--demo");
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.remove("KAFKA_BOOTSTRAP_SERVERS");
    env.put("STANCEWATCH_KAFKA_PORT", String.valueOf(kafkaPort));
    env.put("INGEST_SERVICE_PORT", String.valueOf(ingestPort));
    env.put("QUERY_SERVICE_PORT", String.valueOf(queryPort));
    env.put("STANCE_SERVICE_PORT", String.valueOf(stancePort));
    env.put("STANCEWATCH_TOPIC_PARTITIONS", "3");
    env.put("STANCEWATCH_INGEST_TOKEN", TOKEN);
    env.put("JAVA_OPTS", JAVA_OPTS);
    process = builder.start();
    Thread reader = new Thread(this::echoOutput, "stancewatch-up-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code up} and waits until it reports every service healthy. */
  static StancewatchUp start(Path dataDir, boolean demo, int[] ports) throws Exception {
    StancewatchUp up = new StancewatchUp(dataDir, demo, ports);
    if (!up.ready.await(240, TimeUnit.SECONDS)) {
      up.close();
      throw new IllegalStateException("./stancewatch up did not get ready; it said:\n" + String.join("\n", up.output()));
    }
    return up;
  }

  /**
   * {@code ./stancewatch build}: packages the jars if one is missing or older than its sources,
   * as {@code up} does first, so the tests that start processes without {@code up} also run
   * after a build that did not package the services.
   */
  static synchronized void build() {
    if (built) {
      return;
    }
    try {
      Process build = new ProcessBuilder("bash", ROOT.resolve("stancewatch").toString(), "build")
          .directory(ROOT.toFile()).inheritIO().start();
      if (build.waitFor() != 0) {
        throw new IllegalStateException("./stancewatch build failed");
      }
      built = true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String ingestUrl() {
    return "http://127.0.0.1:" + ingestPort;
  }

  String queryUrl() {
    return "http://127.0.0.1:" + queryPort;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + kafkaPort;
  }

  synchronized List<String> output() {
    return List.copyOf(output);
  }

  /**
   * Sends SIGTERM, as a service manager would, and waits for a clean stop. Through the handle:
   * {@link Process#destroy()} would also close the pipe {@code up} still writes its goodbye to.
   */
  int stop(Duration timeout) throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("./stancewatch up did not stop within " + timeout);
    }
    return process.exitValue();
  }

  /**
   * SIGKILL to {@code up} and every process it started (broker, services) in one
   * call, as a power cut or an OOM-killed container would stop them; waits until all are gone.
   */
  void killAll() throws Exception {
    List<ProcessHandle> all = new ArrayList<>(descendants());
    all.add(process.toHandle());
    Process kill = new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid()).inheritIO().start();
    if (kill.waitFor() != 0) {
      throw new IllegalStateException("kill -KILL -" + process.pid() + " failed");
    }
    for (ProcessHandle handle : all) {
      handle.onExit().get(30, TimeUnit.SECONDS);
    }
  }

  List<ProcessHandle> descendants() {
    return process.descendants().filter(ProcessHandle::isAlive).toList();
  }

  private void echoOutput() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        synchronized (this) {
          output.add(line);
        }
        System.out.println("[up] " + line);
        if (line.equals("STANCEWATCH READY")) {
          ready.countDown();
        }
      }
    } catch (IOException e) {
      System.out.println("[up] output closed: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
