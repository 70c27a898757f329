package io.stancewatch.localkafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka node in KRaft mode (broker and controller in one process), bound to
 * 127.0.0.1 and keeping its log in a data folder that survives restarts: a single-node cluster
 * by default, or one node of a {@link Quorum} whose other nodes run in processes of their own.
 *
 * <p>It runs the broker classes of the {@code kafka_2.13} artifact in this JVM rather than a
 * container, because the machines this project builds on have no Docker engine.
 */
public final class LocalKafka implements AutoCloseable {

  private final Path dataDir;
  private final int port;
  private final Quorum quorum;
  private final Map<String, String> overrides;
  private KafkaRaftServer server;

  private LocalKafka(Path dataDir, int port, Quorum quorum, Map<String, String> overrides) {
    this.dataDir = dataDir;
    this.port = port;
    this.quorum = quorum;
    this.overrides = overrides;
  }

  /** Formats the data folder if it is new and starts the broker; port 0 picks a free port. */
  public static LocalKafka start(Path dataDir, int port) {
    return start(dataDir, port, Map.of());
  }

  /** A single-node cluster, whose id is kept in {@code <dataDir>/cluster-id}; {@code overrides} win over its settings. */
  public static LocalKafka start(Path dataDir, int port, Map<String, String> overrides) {
    return start(dataDir, port, new Quorum(1, List.of(freePort()), keptClusterId(dataDir)), overrides);
  }

  /**
   * Node {@code quorum.nodeId()} of a cluster: formats the data folder with the quorum's cluster
   * id if it is new and starts the node. Returns once this node's broker has caught up with the
   * cluster's metadata, so not before a majority of the controllers runs.
   */
  public static LocalKafka start(Path dataDir, int port, Quorum quorum, Map<String, String> overrides) {
    LocalKafka kafka = new LocalKafka(dataDir, port == 0 ? freePort() : port, quorum, overrides);
    kafka.startServer();
    return kafka;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public Quorum quorum() {
    return quorum;
  }

  public Path dataDir() {
    return dataDir;
  }

  private void startServer() {
    try {
      Path logDir = dataDir.resolve("kafka-logs");
      Files.createDirectories(logDir);
      Properties props = brokerProperties(logDir);
      Path configFile = dataDir.resolve("server.properties");
      try (Writer out = Files.newBufferedWriter(configFile)) {
        props.store(out, "Written by Stancewatch local-kafka on every start");
      }
      format(configFile);
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not prepare the Kafka data folder " + dataDir, e);
    }
  }

  private Properties brokerProperties(Path logDir) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(quorum.nodeId()));
    p.put("controller.quorum.voters", quorum.voters());
    p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + quorum.controllerPort());
    p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    // The internal topics that back consumer offsets and transactions (exactly-once needs the
    // latter) get as many replicas as the contract's topics; a single node can hold only one.
    String replicas = Short.toString(quorum.replicationFactor());
    String minInsync = Integer.toString(quorum.minInsyncReplicas());
    p.put("offsets.topic.replication.factor", replicas);
    p.put("transaction.state.log.replication.factor", replicas);
    p.put("transaction.state.log.min.isr", minInsync);
    p.put("default.replication.factor", replicas);
    p.put("min.insync.replicas", minInsync);
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.num.partitions", "6");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created deliberately with the contract's policies; a typo must not create one.
    p.put("auto.create.topics.enable", "false");
    p.put("log.retention.hours", "-1");
    p.putAll(overrides);
    return p;
  }

  /**
   * A formatted log only starts with the cluster id it was formatted with, so a single node
   * keeps the id next to its log; a cluster's launcher keeps it for all its nodes.
   */
  private static String keptClusterId(Path dataDir) {
    try {
      Path clusterIdFile = Files.createDirectories(dataDir).resolve("cluster-id");
      if (!Files.exists(clusterIdFile)) {
        Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
      }
      return Files.readString(clusterIdFile).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not keep the cluster id in " + dataDir, e);
    }
  }

  private void format(Path configFile) {
    // --ignore-formatted leaves an existing log alone.
    String[] args = {"format", "-t", quorum.clusterId(), "-c", configFile.toString(), "--ignore-formatted"};
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit = StorageTool.execute(args, new PrintStream(output, true, StandardCharsets.UTF_8));
    if (exit != 0) {
      throw new IllegalStateException("Formatting the Kafka log in " + dataDir + " failed: " + output.toString(StandardCharsets.UTF_8));
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }
}
