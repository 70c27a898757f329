package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.launcher.Launcher;
import io.stancewatch.launcher.StackProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Several instances on one broker, as the README's "Running several instances" section
 * describes: two stance-service instances (same application id, own ports and state folders)
 * share the fold, two query-service instances (own ports and history folders) each build the
 * whole view. Killing one stance-service instance mid-load moves its tasks to the other, with
 * no change lost or published twice.
 */
class ScaleOutIT {

  private static final Duration READY = Duration.ofSeconds(120);
  private static final int PARTITIONS = 3;
  private static final String APPLICATION_ID = "stancewatch-stance-service";

  @Test
  void twoInstancesShareTheWorkAndLosingOneLosesOrRepeatsNoChange() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "e2e-scale").toAbsolutePath();
    int[] ports = Launcher.freePorts(6);
    try (Launcher launcher = Pipeline.launcher(PARTITIONS)) {
      StackProcess kafka = launcher.broker(dataDir.resolve("kafka"), ports[0]).startAndAwaitReady(READY);
      StackProcess ingest = launcher.ingest("ingest", ports[1], StancewatchUp.TOKEN, "scale-ingest-1");
      StackProcess stanceA = launcher.stance("stance-a", ports[2], dataDir.resolve("stance-a"), APPLICATION_ID);
      StackProcess stanceB = launcher.stance("stance-b", ports[3], dataDir.resolve("stance-b"), APPLICATION_ID);
      // Each query-service instance with a history cache folder of its own, as two on one host need.
      StackProcess queryA = launcher.query("query-a", ports[4], dataDir.resolve("query-a"));
      StackProcess queryB = launcher.query("query-b", ports[5], dataDir.resolve("query-b"));
      launcher.startAll(READY, ingest, stanceA, stanceB, queryA, queryB);

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        awaitMembersWithTasks(admin, 2);
        try (StatementLoad load = new StatementLoad(ingest.url(), "scale", 4, 4)) {
          load.awaitAccepted(150, Duration.ofSeconds(60));
          stanceA.kill();
          awaitMembersWithTasks(admin, 1);
          Awaitility.await("the remaining instance runs every task").atMost(Duration.ofSeconds(60))
              .until(() -> stanceB.health().status() == 200);
          load.awaitAccepted(100, Duration.ofSeconds(60));
          load.close();

          LogReference log = LogReference.assertNothingLostOrRepeated(load, kafka.bootstrapServers(), queryA.url(),
              queryB.url());
          System.out.println("[scale] log entries " + log.size() + ", answers " + load.statusCounts());
        }
      }
    }
  }

  /**
   * Waits until the stance-service group has members from exactly {@code count} instances, each
   * instance with partitions assigned to at least one of its stream threads.
   */
  private static void awaitMembersWithTasks(Admin admin, int count) {
    Awaitility.await(count + " stance-service instances with tasks").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
          ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(APPLICATION_ID))
              .describedGroups().get(APPLICATION_ID).get();
          // A stream thread's client id is <application id>-<instance id>-StreamThread-<n>-consumer.
          Map<String, Integer> partitionsPerInstance = group.members().stream().collect(Collectors.groupingBy(
              m -> m.clientId().substring(0, m.clientId().indexOf("-StreamThread-")),
              Collectors.summingInt(m -> m.assignment().topicPartitions().size())));
          assertEquals(count, partitionsPerInstance.size(), group.toString());
          assertEquals(0, partitionsPerInstance.values().stream().filter(n -> n == 0).count(), group.toString());
        });
  }
}
