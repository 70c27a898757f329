package io.stancewatch.apiclient;

import io.stancewatch.launcher.Launcher;
import io.stancewatch.launcher.Output;
import io.stancewatch.launcher.StackProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The broker and one instance of each service, as separate processes on free ports, run from
 * the jars the reactor packaged before this module, as {@code ./stancewatch up} runs them.
 */
record Stack(Launcher launcher, StackProcess ingest, StackProcess query) implements AutoCloseable {

  private static final Path ROOT = Path.of(System.getProperty("stancewatch.root", "..")).toAbsolutePath().normalize();
  private static final int PARTITIONS = 3;
  private static final Duration READY = Duration.ofSeconds(120);
  /** Small heaps, quick start-up: the end-to-end tests' options. */
  private static final List<String> JAVA_OPTS = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");

  /** Starts the broker, then the services side by side, and waits until all are ready. */
  static Stack start(Path dataDir, String ingestToken) throws InterruptedException {
    Launcher launcher = new Launcher(ROOT, PARTITIONS, JAVA_OPTS, Map.of(), Output.echo());
    for (String module : List.of("local-kafka", "ingest-service", "stance-service", "query-service")) {
      if (!Files.isRegularFile(launcher.jar(module))) {
        throw new IllegalStateException(launcher.jar(module) + " is missing: package " + module + " first");
      }
    }
    Launcher.Stack stack = launcher.startStack(dataDir, "api-client", ingestToken, READY);
    return new Stack(launcher, stack.ingest(), stack.query());
  }

  @Override
  public void close() {
    launcher.close();
  }
}
