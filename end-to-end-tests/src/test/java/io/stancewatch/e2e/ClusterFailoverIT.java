package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.launcher.KafkaCluster;
import io.stancewatch.launcher.Launcher;
import io.stancewatch.launcher.StackProcess;
import io.stancewatch.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A real cluster: three KRaft nodes (each broker and controller, each its own process),
 * replication 3 with two replicas in sync required, two stance-service and two query-service
 * instances, and a steady mixed load. Mid-load the node that leads partition 0 of the statement
 * log is killed with SIGKILL, later the active controller, each started again while the load goes
 * on. Then, against the reference fold of the log as stored: every write answered 202 is on it,
 * each change is published once, and both query instances serve the reference stances; every
 * write was answered 202 or a documented 503, never anything else and never not at all.
 */
class ClusterFailoverIT {

  private static final Duration READY = Duration.ofSeconds(120);
  private static final Duration WRITES = Duration.ofSeconds(120);
  private static final int PARTITIONS = 3;
  private static final String APPLICATION_ID = "stancewatch-stance-service";

  @Test
  void killingThePartitionLeaderAndThenTheControllerLosesAndRepeatsNothing() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "e2e-cluster").toAbsolutePath();
    int[] ports = Launcher.freePorts(8);
    try (Launcher launcher = Pipeline.launcher(PARTITIONS)) {
      KafkaCluster cluster = launcher.brokers(dataDir, List.of(ports[0], ports[1], ports[2])).startAndAwaitReady(READY);
      StackProcess ingest = launcher.ingest("ingest", ports[3], StancewatchUp.TOKEN, "cluster-ingest-1");
      StackProcess stanceA = launcher.stance("stance-a", ports[4], dataDir.resolve("stance-a"), APPLICATION_ID);
      StackProcess stanceB = launcher.stance("stance-b", ports[5], dataDir.resolve("stance-b"), APPLICATION_ID);
      StackProcess queryA = launcher.query("query-a", ports[6], dataDir.resolve("query-a"));
      StackProcess queryB = launcher.query("query-b", ports[7], dataDir.resolve("query-b"));
      launcher.startAll(READY, ingest, stanceA, stanceB, queryA, queryB);

      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
        assertReplicatedAsConfigured(admin);
        try (StatementLoad load = new StatementLoad(ingest.url(), "cluster", 3, 15)) {
          load.awaitAccepted(100, WRITES);
          int leader = leaderOfStatementsPartition0(admin);
          Death leaderDeath = killAndRestart(cluster.node(leader), load, admin);
          int controller = admin.describeMetadataQuorum().quorumInfo().get().leaderId();
          Death controllerDeath = killAndRestart(cluster.node(controller), load, admin);
          load.awaitAccepted(50, WRITES);
          load.close();
          System.out.println("[cluster] killed node " + leader + " (leader of " + Topics.STATEMENTS.name()
              + "-0), then node " + controller + " (active controller); answers " + load.statusCounts()
              + "; longest gap between acknowledgements around the leader's death "
              + leaderDeath.longestGap(load).toMillis() + " ms, around the controller's "
              + controllerDeath.longestGap(load).toMillis() + " ms");

          assertTrue(Set.of(202, 503).containsAll(load.statusCounts().keySet()),
              "every write answered 202 or 503: " + load.statusCounts());
          LogReference log = LogReference.assertNothingLostOrRepeated(load, cluster.bootstrapServers(), queryA.url(),
              queryB.url());
          System.out.println("[cluster] log entries " + log.size());
        }
      }
    }
  }

  /** The contract's topics have a replica on every node and refuse a write fewer than two hold. */
  private static void assertReplicatedAsConfigured(Admin admin) throws ExecutionException, InterruptedException {
    ConfigResource statements = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STATEMENTS.name());
    Config config = admin.describeConfigs(List.of(statements)).all().get().get(statements);
    assertEquals("2", config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
    for (TopicPartitionInfo partition : statementPartitions(admin)) {
      assertEquals(3, partition.replicas().size(), partition.toString());
    }
  }

  private static int leaderOfStatementsPartition0(Admin admin) throws ExecutionException, InterruptedException {
    return statementPartitions(admin).get(0).leader().id();
  }

  /** Waits until every replica of the statement log is back in sync: the restarted node has caught up. */
  private static void awaitFullyReplicated(Admin admin) {
    Awaitility.await("every replica of the statement log in sync").atMost(READY).pollInterval(Duration.ofSeconds(1))
        .until(() -> statementPartitions(admin).stream().allMatch(p -> p.isr().size() == 3));
  }

  private static List<TopicPartitionInfo> statementPartitions(Admin admin) throws ExecutionException, InterruptedException {
    return admin.describeTopics(List.of(Topics.STATEMENTS.name())).allTopicNames().get()
        .get(Topics.STATEMENTS.name()).partitions();
  }

  /** From a node's SIGKILL until it was back, every replica of the statement log in sync again. */
  private record Death(Instant killed, Instant back) {

    /**
     * The longest time without an acknowledgement while the node was away, counted from the
     * last acknowledgement before its death: how long writers waited while Kafka noticed and elected.
     */
    Duration longestGap(StatementLoad load) {
      Instant[] acknowledged = load.outcomes().stream().filter(o -> o.status() == 202)
          .map(o -> o.at().plus(o.took())).sorted().toArray(Instant[]::new);
      Duration longest = Duration.ZERO;
      for (int i = 1; i < acknowledged.length; i++) {
        if (acknowledged[i].isAfter(killed) && acknowledged[i - 1].isBefore(back)) {
          Duration gap = Duration.between(acknowledged[i - 1], acknowledged[i]);
          longest = gap.compareTo(longest) > 0 ? gap : longest;
        }
      }
      return longest;
    }
  }

  /** SIGKILLs the node, lets the load go on without it, then starts it again and waits until it has caught up. */
  private static Death killAndRestart(StackProcess node, StatementLoad load, Admin admin) throws InterruptedException {
    Instant killed = Instant.now();
    node.kill();
    load.awaitAccepted(100, WRITES);
    node.startAndAwaitReady(READY);
    awaitFullyReplicated(admin);
    return new Death(killed, Instant.now());
  }
}
