package io.stancewatch.e2e;

import io.stancewatch.launcher.Launcher;
import io.stancewatch.launcher.StackProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Crashes under load: SIGKILL, with no shutdown hook, no flush and no clean close, in the middle
 * of writes. Afterwards nothing acknowledged with 202 is missing from the statement log, and
 * the published changes, pair stances, history entries and query answers equal the reference
 * fold of the log as stored: each change once, sequences without gaps or repeats.
 */
class CrashRecoveryIT {

  private static final Duration READY = Duration.ofSeconds(120);
  private static final int PARTITIONS = 3;

  @Test
  void killingUpAndEverythingItStartedAtOnceLosesNoAcknowledgedWrite() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "e2e-crash").toAbsolutePath();
    int[] ports = Launcher.freePorts(4);
    StancewatchUp up = StancewatchUp.start(dataDir, false, ports);
    try (up; StatementLoad load = new StatementLoad(up.ingestUrl(), "crash", 4, 1)) {
      load.awaitAccepted(150, Duration.ofSeconds(60));
      up.killAll();
      // The writers keep retrying while nothing answers, and carry on once up is back.
      try (StancewatchUp again = StancewatchUp.start(dataDir, false, ports)) {
        load.awaitAccepted(100, Duration.ofSeconds(60));
        load.close();
        LogReference log = LogReference.assertNothingLostOrRepeated(load, again.bootstrapServers(), again.queryUrl());
        System.out.println("[crash] log entries " + log.size() + ", answers " + load.statusCounts());
        again.stop(Duration.ofSeconds(90));
      }
    }
  }

  @Test
  void killingStanceServiceMidLoadRepublishesNothingAndLosesNothing() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "e2e-stance-crash").toAbsolutePath();
    try (Pipeline pipeline = Pipeline.start(dataDir, "crash", PARTITIONS, READY)) {
      StackProcess kafka = pipeline.kafka();
      StackProcess ingest = pipeline.ingest();
      StackProcess stance = pipeline.stance();
      StackProcess query = pipeline.query();
      try (StatementLoad load = new StatementLoad(ingest.url(), "stance", 4, 2)) {
        load.awaitAccepted(150, Duration.ofSeconds(60));
        stance.kill();
        load.awaitAccepted(50, Duration.ofSeconds(60));
        stance.startAndAwaitReady(READY);
        load.awaitAccepted(100, Duration.ofSeconds(60));
        load.close();
        LogReference log = LogReference.assertNothingLostOrRepeated(load, kafka.bootstrapServers(), query.url());
        System.out.println("[stance-crash] log entries " + log.size() + ", answers " + load.statusCounts());
      }
    }
  }
}
