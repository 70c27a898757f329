package io.stancewatch.testing;

import io.stancewatch.localkafka.LocalKafka;
import io.stancewatch.schemas.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The one Kafka broker of a test JVM, started on first use and stopped when the JVM exits.
 * Where a Docker engine answers it is the official {@code apache/kafka} image through
 * Testcontainers; elsewhere (CI here) it is {@link LocalKafka}. Either way the contract's
 * topics exist before the first test uses it.
 *
 * <p>Set {@code stancewatch.test.kafka=local} to skip the Docker probe.
 */
public final class SharedKafka {

  private static final Logger LOG = LoggerFactory.getLogger(SharedKafka.class);
  public static final int PARTITIONS = 3;
  private static String bootstrapServers;

  private SharedKafka() {}

  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      bootstrapServers = useDocker() ? startContainer() : startLocal();
      try (Admin admin = admin()) {
        Topics.createMissing(admin, PARTITIONS, (short) 1, 30_000);
      }
    }
    return bootstrapServers;
  }

  public static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  private static boolean useDocker() {
    if ("local".equals(System.getProperty("stancewatch.test.kafka"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String startContainer() {
    KafkaContainer container = new KafkaContainer("apache/kafka:3.9.1");
    container.start();
    Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "kafka-container-stop"));
    LOG.info("Tests use Kafka in Docker at {}", container.getBootstrapServers());
    return container.getBootstrapServers();
  }

  private static String startLocal() {
    try {
      Path dataDir = Files.createTempDirectory("stancewatch-test-kafka");
      LocalKafka kafka = LocalKafka.start(dataDir, 0);
      Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "local-kafka-stop"));
      LOG.info("Tests use the local Kafka broker at {} (no Docker engine)", kafka.bootstrapServers());
      return kafka.bootstrapServers();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
