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
    Launcher launcher = launcher(partitions);
    Launcher.Stack stack = launcher.startStack(dataDir, name, StancewatchUp.TOKEN, ready);
    return new Pipeline(launcher, stack.kafka(), stack.ingest(), stack.stance(), stack.query());
  }

  @Override
  public void close() {
    launcher.close();
  }
}
