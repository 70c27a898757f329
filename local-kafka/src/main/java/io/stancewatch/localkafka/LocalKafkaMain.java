package io.stancewatch.localkafka;

import io.stancewatch.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a local Kafka node as a process of its own, as {@code ./stancewatch up} does: starts it,
 * creates the contract's topics if they are missing, prints one "ready" line, and stops cleanly
 * on SIGTERM.
 *
 * <p>Arguments: {@code --data-dir DIR} (default {@code .stancewatch/kafka}), {@code --port N}
 * (default 9092), {@code --partitions N} (default 6). Alone these make a single-node cluster;
 * a node of a larger one is also given {@code --node-id N}, {@code --controller-ports P1,P2,...}
 * (every node's, in node id order) and {@code --cluster-id ID} (the same for all nodes).
 */
public final class LocalKafkaMain {

  private static final Duration TOPICS_TIMEOUT = Duration.ofSeconds(60);

  public static void main(String[] args) throws InterruptedException {
    // Set before the first logger exists; the file is named so it never shadows the
    // logback.xml of a service that has this module on its test classpath.
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "local-kafka-logback.xml");
    }
    Logger log = LoggerFactory.getLogger(LocalKafkaMain.class);
    Map<String, String> options = parse(args);
    Path dataDir = Path.of(options.getOrDefault("--data-dir", ".stancewatch/kafka"));
    int port = Integer.parseInt(options.getOrDefault("--port", "9092"));
    int partitions = Integer.parseInt(options.getOrDefault("--partitions", "6"));

    LocalKafka kafka = options.containsKey("--node-id")
        ? LocalKafka.start(dataDir, port, quorum(options), Map.of())
        : LocalKafka.start(dataDir, port);
    createTopics(kafka, partitions, kafka.quorum().replicationFactor(), log);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Stopping Kafka");
      kafka.close();
      stopped.countDown();
    }, "local-kafka-shutdown"));
    log.info("Kafka ready on {} with data in {}", kafka.bootstrapServers(), dataDir.toAbsolutePath());
    stopped.await();
  }

  private static Quorum quorum(Map<String, String> options) {
    return new Quorum(Integer.parseInt(options.get("--node-id")),
        Arrays.stream(options.get("--controller-ports").split(",")).map(Integer::valueOf).toList(),
        options.get("--cluster-id"));
  }

  /**
   * Nodes started side by side come up one by one, and a topic cannot get more replicas than
   * there are brokers registered yet: creating them is tried again until all have joined.
   */
  private static void createTopics(LocalKafka kafka, int partitions, short replicationFactor, Logger log)
      throws InterruptedException {
    long deadline = System.nanoTime() + TOPICS_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      boolean created = Topics.createMissingOnceReachable(admin, partitions, replicationFactor, 10_000,
          () -> System.nanoTime() - deadline > 0, reason -> log.info("Waiting to create the topics: {}", reason));
      if (!created) {
        throw new IllegalStateException("The topics were not created within " + TOPICS_TIMEOUT.toSeconds() + " s");
      }
    }
  }

  private static Map<String, String> parse(String[] args) {
    HashMap<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("Expected an option, got " + args[i]);
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }
}
