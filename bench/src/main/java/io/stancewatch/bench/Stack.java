package io.stancewatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the real jars as separate processes, as {@code ./stancewatch up} does, but on free
 * ports and with everything in the run folder; closing it stops what is still running, the
 * services before the broker.
 */
final class Stack implements AutoCloseable {

  static final String VERSION = "0.1.0-SNAPSHOT";
  static final int PARTITIONS = 6;
  /**
   * query-service's heap: issue 12 asks that every measurement pass under 1 GB. On running out
   * it exits, so the bench stops on it rather than measuring a service stuck in GC.
   */
  static final List<String> QUERY_JVM_OPTIONS = List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError");

  private final Path root;
  private final Path runDir;
  private final boolean jfr;
  private final String token;
  private final Deque<ServiceProcess> running = new ArrayDeque<>();
  private String bootstrapServers;

  Stack(Path root, Path runDir, boolean jfr, String token) {
    this.root = root;
    this.runDir = runDir;
    this.jfr = jfr;
    this.token = token;
  }

  String bootstrapServers() {
    return bootstrapServers;
  }

  String token() {
    return token;
  }

  /** The local-kafka broker (KRaft, one node), which also creates the contract's topics. */
  ServiceProcess startKafka() {
    int port = freePort();
    bootstrapServers = "127.0.0.1:" + port;
    return start("kafka", jarOf("local-kafka"), List.of("--data-dir", runDir.resolve("kafka").toString(),
        "--port", Integer.toString(port), "--partitions", Integer.toString(PARTITIONS)), Map.of(), List.of(), port,
        false);
  }

  /** ingest-service with the no-op reference endpoint and a stable transactional id. */
  ServiceProcess startIngest() {
    int port = freePort();
    return start("ingest", jarOf("ingest-service"), List.of(), Map.of(
        "INGEST_SERVICE_PORT", Integer.toString(port),
        "STANCEWATCH_INGEST_TOKEN", token,
        "STANCEWATCH_INGEST_TRANSACTIONAL_ID", "stancewatch-bench-ingest-1",
        "STANCEWATCH_BENCH_NOOP", "true"), List.of(), port, true);
  }

  /** A stance-service with its own application id and state folder (a new pair replays the log). */
  ServiceProcess startStance(String name, String applicationId) {
    int port = freePort();
    return start(name, jarOf("stance-service"), List.of(), Map.of(
        "STANCE_SERVICE_PORT", Integer.toString(port),
        "STANCEWATCH_STREAMS_APPLICATION_ID", applicationId,
        "STANCEWATCH_STATE_DIR", runDir.resolve(name + "-state").toString()), List.of(), port, true);
  }

  /**
   * query-service with the no-op reference endpoint and {@link #QUERY_JVM_OPTIONS}; it builds its
   * views from the start of the stance topics.
   */
  ServiceProcess startQuery(String name) {
    int port = freePort();
    return start(name, jarOf("query-service"), List.of(), Map.of(
        "QUERY_SERVICE_PORT", Integer.toString(port),
        "STANCEWATCH_BENCH_NOOP", "true"), QUERY_JVM_OPTIONS, port, true);
  }

  /** {@code jvmOptions} come after JAVA_OPTS, so they win where both set the same option. */
  private ServiceProcess start(String name, Path jar, List<String> args, Map<String, String> extraEnv,
      List<String> jvmOptions, int port, boolean service) {
    List<String> command = new ArrayList<>();
    command.add(javaCommand());
    command.addAll(javaOpts());
    command.addAll(jvmOptions);
    if (service && jfr) {
      command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
          + runDir.resolve(name + ".jfr"));
    }
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(args);
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("STANCEWATCH_TOPIC_PARTITIONS", Integer.toString(PARTITIONS));
    env.put("STANCEWATCH_TOPIC_REPLICATION_FACTOR", "1");
    if (bootstrapServers != null) {
      env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    }
    ServiceProcess process = ServiceProcess.start(name, command, env, runDir.resolve(name + ".log"), port);
    running.push(process);
    return process;
  }

  /** Stops one process now (its peak memory stays readable). */
  void stop(ServiceProcess process) {
    process.close();
    running.remove(process);
  }

  Path jarOf(String module) {
    return root.resolve(module).resolve("target").resolve(module + "-" + VERSION + "-all.jar");
  }

  static String javaCommand() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** JAVA_OPTS, as for every JVM that {@code ./stancewatch up} starts. */
  static List<String> javaOpts() {
    String opts = System.getenv().getOrDefault("JAVA_OPTS", "").trim();
    return opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    while (!running.isEmpty()) {
      running.pop().close();
    }
  }
}
