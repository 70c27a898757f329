package io.stancewatch.localkafka;

import io.stancewatch.schemas.Topics;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the local broker as a process of its own, as {@code ./stancewatch up} does: starts it,
 * creates the contract's topics, prints one "ready" line, and stops cleanly on SIGTERM.
 *
 * <p>Arguments: {@code --data-dir DIR} (default {@code .stancewatch/kafka}), {@code --port N}
 * (default 9092), {@code --partitions N} (default 6).
 */
public final class LocalKafkaMain {

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

    LocalKafka kafka = LocalKafka.start(dataDir, port);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Topics.createMissing(admin, partitions, (short) 1, 30_000);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Stopping Kafka");
      kafka.close();
      stopped.countDown();
    }, "local-kafka-shutdown"));
    log.info("Kafka ready on {} with data in {}", kafka.bootstrapServers(), dataDir.toAbsolutePath());
    stopped.await();
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
