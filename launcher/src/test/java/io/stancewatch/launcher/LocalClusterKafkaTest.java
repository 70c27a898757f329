package io.stancewatch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Three local Kafka nodes, each a process of its own, as {@code ./stancewatch up --brokers 3}
 * starts them: the leader of a partition dies (SIGKILL) under writes, no acknowledged write is
 * lost, and the node started again on its data folder rejoins the partition's in-sync replicas.
 * Needs {@code local-kafka/target/local-kafka-all.jar}.
 */
class LocalClusterKafkaTest {

  private static final Duration READY = Duration.ofSeconds(90);
  private static final String TOPIC = "acknowledged";
  private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
  private static final int WRITES = 200;

  @Test
  void noAcknowledgedWriteIsLostWhenTheLeaderIsKilledAndTheLeaderRejoinsTheIsr() throws Exception {
    Path root = StackProcessTest.testClasses().getParent().getParent().getParent();
    Path dataDir = Files.createTempDirectory(root.resolve("launcher/target"), "local-cluster");
    Launcher launcher = new Launcher(root, 1, List.of("-Xmx384m", "-XX:TieredStopAtLevel=1"), Map.of(),
        Output.logFiles(dataDir));
    assertTrue(Files.exists(launcher.jar("local-kafka")),
        "build it first: ./mvnw -B -o -q -pl local-kafka install -DskipTests");
    int[] ports = Launcher.freePorts(3);
    try (launcher) {
      KafkaCluster cluster = launcher.brokers(dataDir, List.of(ports[0], ports[1], ports[2])).startAndAwaitReady(READY);
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
        assertEquals(List.of(3), replicaCounts(admin, "stancewatch.statements"), "the contract's topics, made by the nodes");
        // No replication factor given: the cluster's default must be every node.
        admin.createTopics(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty()))).all().get();
        assertEquals(List.of(3), replicaCounts(admin, TOPIC));
        int leader = partition(admin).leader().id();

        List<String> acknowledged = new CopyOnWriteArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
          for (int i = 0; i < WRITES; i++) {
            String value = "write-" + i;
            producer.send(new ProducerRecord<>(TOPIC, value), (metadata, failure) -> {
              if (failure == null) {
                acknowledged.add(value);
              }
            });
            if (i == WRITES / 2) {
              // Killed while writes are being sent, so some may be in flight to it.
              cluster.node(leader).kill();
            }
          }
          producer.flush();
        }
        // Two replicas stay in sync, as many as min.insync.replicas asks: every write goes on.
        assertEquals(IntStream.range(0, WRITES).mapToObj(i -> "write-" + i).toList(), acknowledged);
        assertEquals(acknowledged, readAll(cluster.bootstrapServers(), WRITES));

        cluster.node(leader).startAndAwaitReady(READY);
        Awaitility.await("node " + leader + " back in the in-sync replicas").atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> partition(admin).isr().stream().map(Node::id).toList().contains(leader));
        assertEquals(3, partition(admin).isr().size());
      }
    }
  }

  private static TopicPartitionInfo partition(Admin admin) {
    return partitions(admin, TOPIC).get(PARTITION.partition());
  }

  /** The different numbers of replicas the topic's partitions have. */
  private static List<Integer> replicaCounts(Admin admin, String topic) {
    return partitions(admin, topic).stream().map(p -> p.replicas().size()).distinct().toList();
  }

  /**
   * The topic's partitions, once the node asked knows the topic: a new topic reaches each
   * node's metadata a moment after the controller has created it.
   */
  private static List<TopicPartitionInfo> partitions(Admin admin, String topic) {
    return Awaitility.await(topic + " in the metadata").atMost(Duration.ofSeconds(30))
        .ignoreException(ExecutionException.class)
        .until(() -> admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions(), p -> true);
  }

  private static List<String> readAll(String bootstrapServers, int count) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(PARTITION));
      consumer.seekToBeginning(List.of(PARTITION));
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      return values;
    }
  }
}
