package io.stancewatch.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The local Kafka cluster's nodes, each a process of its own, made by {@link Launcher#brokers}:
 * node {@code i} (its {@code node.id} in Kafka's answers, such as a partition's leader or the
 * quorum's leader) is {@code node(i)}, so a test can kill the very node Kafka names.
 */
public record KafkaCluster(List<StackProcess> nodes) {

  public KafkaCluster {
    nodes = List.copyOf(nodes);
  }

  /** The node whose {@code node.id} is {@code nodeId}; ids count from 1. */
  public StackProcess node(int nodeId) {
    return nodes.get(nodeId - 1);
  }

  /** Every node's address, comma-separated, as clients take them. */
  public String bootstrapServers() {
    return nodes.stream().map(StackProcess::bootstrapServers).collect(Collectors.joining(","));
  }

  /** Replicas of every topic: one per node, three at most. */
  public int replicationFactor() {
    return Math.min(nodes.size(), 3);
  }

  /**
   * Starts every node at once, then waits until each is ready: none is before a majority of
   * them runs and, with the topics' replicas on every node, not before all have joined.
   */
  public KafkaCluster startAndAwaitReady(Duration timeout) throws InterruptedException {
    nodes.forEach(StackProcess::start);
    for (StackProcess node : nodes) {
      node.awaitReady(timeout);
    }
    return this;
  }

  /**
   * The id all nodes' logs are formatted with, kept in {@code <dataDir>/cluster-id}: a node
   * formatted with another id would not join the others, so a restart must reuse it.
   */
  static String keptClusterId(Path dataDir) {
    try {
      Path file = Files.createDirectories(dataDir).resolve("cluster-id");
      if (!Files.exists(file)) {
        Files.writeString(file, newClusterId());
      }
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not keep the Kafka cluster id in " + dataDir, e);
    }
  }

  /**
   * Kafka's form of a random UUID: 16 bytes in URL-safe base64, unpadded; never one starting
   * with '-', which Kafka's storage tool would read as an option.
   */
  static String newClusterId() {
    SecureRandom random = new SecureRandom();
    byte[] bytes = new byte[16];
    String id;
    do {
      random.nextBytes(bytes);
      id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    } while (id.startsWith("-"));
    return id;
  }
}
