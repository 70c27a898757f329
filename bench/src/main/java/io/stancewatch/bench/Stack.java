package io.stancewatch.bench;

import io.stancewatch.launcher.Launcher;
import io.stancewatch.launcher.Output;
import io.stancewatch.launcher.StackProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The bench's broker and services, started by the {@link Launcher} as {@code ./stancewatch up}
 * starts them, but on free ports, with the no-op reference endpoints, and with every log,
 * flight recording and data folder in the run folder; closing it stops what is still running,
 * the services before the broker.
 */
final class Stack implements AutoCloseable {

  static final int PARTITIONS = 6;
  /**
   * query-service's heap: issue 12 asks that every measurement pass under 1 GB. On running out
   * it exits, so the bench stops on it rather than measuring a service stuck in GC.
   */
  static final List<String> QUERY_JVM_OPTIONS = List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError");

  private final Path runDir;
  private final boolean jfr;
  private final String token;
  private final Launcher launcher;

  Stack(Path root, Path runDir, boolean jfr, String token) {
    this.runDir = runDir;
    this.jfr = jfr;
    this.token = token;
    // Micronaut's bench environment holds the no-op endpoints.
    this.launcher = new Launcher(root, PARTITIONS, Launcher.javaOpts(), Map.of("MICRONAUT_ENVIRONMENTS", "bench"),
        Output.logFiles(runDir));
  }

  String token() {
    return token;
  }

  /** The local-kafka broker (KRaft, one node), which also creates the contract's topics. */
  StackProcess startKafka() {
    return launcher.broker(runDir.resolve("kafka"), Launcher.freePorts(1)[0]).start();
  }

  /** ingest-service with the no-op reference endpoint and a stable transactional id. */
  StackProcess startIngest() {
    return start(launcher.ingest("ingest", Launcher.freePorts(1)[0], token, "stancewatch-bench-ingest-1"));
  }

  /** A stance-service with its own application id and state folder (a new pair replays the log). */
  StackProcess startStance(String name, String applicationId) {
    return start(launcher.stance(name, Launcher.freePorts(1)[0], runDir.resolve(name + "-state"), applicationId));
  }

  /**
   * query-service with the no-op reference endpoint and {@link #QUERY_JVM_OPTIONS}; it builds its
   * views from the start of the stance topics.
   */
  StackProcess startQuery(String name) {
    return start(launcher.query(name, Launcher.freePorts(1)[0], runDir.resolve(name + "-state"))
        .withJvmOptions(QUERY_JVM_OPTIONS));
  }

  private StackProcess start(StackProcess service) {
    if (jfr) {
      service.withJvmOptions(List.of("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
          + runDir.resolve(service.name() + ".jfr")));
    }
    return service.start();
  }

  @Override
  public void close() {
    launcher.close();
  }
}
