package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
    int[] ports = StancewatchUp.freePorts(6);
    try (ServiceProcess kafka = ServiceProcess.broker(dataDir.resolve("kafka"), ports[0], PARTITIONS);
        ServiceProcess ingest = ServiceProcess.service("ingest-service", "ingest", ports[1], kafka.bootstrapServers(),
            PARTITIONS, Map.of("STANCEWATCH_INGEST_TRANSACTIONAL_ID", "scale-ingest-1"));
        ServiceProcess stanceA = stance("stance-a", ports[2], kafka, dataDir);
        ServiceProcess stanceB = stance("stance-b", ports[3], kafka, dataDir);
        ServiceProcess queryA = query("query-a", ports[4], kafka, dataDir);
        ServiceProcess queryB = query("query-b", ports[5], kafka, dataDir);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      kafka.startAndAwaitReady(READY);
      ServiceProcess.startAll(READY, ingest, stanceA, stanceB, queryA, queryB);
      awaitMembersWithTasks(admin, 2);

      try (StatementLoad load = new StatementLoad(ingest.url(), "scale", 4, 4)) {
        load.awaitAccepted(150, Duration.ofSeconds(60));
        stanceA.kill();
        awaitMembersWithTasks(admin, 1);
        Awaitility.await("the remaining instance runs every task").atMost(Duration.ofSeconds(60))
            .until(() -> stanceB.health().status() == 200);
        load.awaitAccepted(100, Duration.ofSeconds(60));
        load.close();

        LogReference log = LogReference.assertNothingLostOrRepeated(load, kafka.bootstrapServers(), queryA.url(), queryB.url());
        System.out.println("[scale] log entries " + log.size() + ", answers " + load.statusCounts());
      }
    }
  }

  private static ServiceProcess stance(String name, int port, ServiceProcess kafka, Path dataDir) {
    return ServiceProcess.service("stance-service", name, port, kafka.bootstrapServers(), PARTITIONS, Map.of(
        "STANCEWATCH_STREAMS_APPLICATION_ID", APPLICATION_ID,
        "STANCEWATCH_STATE_DIR", dataDir.resolve(name).toString()));
  }

  /** A query-service instance with a history cache folder of its own, as two on one host need. */
  private static ServiceProcess query(String name, int port, ServiceProcess kafka, Path dataDir) {
    return ServiceProcess.service("query-service", name, port, kafka.bootstrapServers(), PARTITIONS,
        Map.of("STANCEWATCH_QUERY_STATE_DIR", dataDir.resolve(name).toString()));
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
