package io.stancewatch.e2e;

import io.stancewatch.launcher.Launcher;
import io.stancewatch.launcher.Output;
import io.stancewatch.launcher.StackProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A broker and one instance of each service, as separate processes on free ports, started
 * together and stopped together: the system the fault tests break.
 */
record Pipeline(Launcher launcher, StackProcess kafka, StackProcess ingest, StackProcess stance, StackProcess query)
    implements AutoCloseable {

  /**
   * A launcher of the packaged jars, as {@code ./stancewatch up} uses, each process echoing its
   * output; it packages them first if one is missing or stale.
   */
  static Launcher launcher(int partitions) {
    StancewatchUp.build();
    return new Launcher(StancewatchUp.ROOT, partitions, List.of(StancewatchUp.JAVA_OPTS.split(" ")), Map.of(),
        Output.echo());
  }

  /** Starts the broker, then the services, and waits until all are ready; {@code name} prefixes ingest's transactional id. */
  static Pipeline start(Path dataDir, String name, int partitions, Duration ready) throws InterruptedException {
    int[] ports = Launcher.freePorts(4);
    Launcher launcher = launcher(partitions);
    try {
      StackProcess kafka = launcher.broker(dataDir.resolve("kafka"), ports[0]).startAndAwaitReady(ready);
      Pipeline pipeline = new Pipeline(launcher, kafka,
          launcher.ingest("ingest", ports[1], StancewatchUp.TOKEN, name + "-ingest-1"),
          launcher.stance("stance", ports[2], dataDir.resolve("stance")),
          launcher.query("query", ports[3], dataDir.resolve("query")));
      launcher.startAll(ready, pipeline.ingest, pipeline.stance, pipeline.query);
      return pipeline;
    } catch (RuntimeException | InterruptedException e) {
      launcher.close();
      throw e;
    }
  }

  @Override
  public void close() {
    launcher.close();
  }
}
