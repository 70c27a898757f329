package io.stancewatch.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one way to start Stancewatch's processes: the local broker and the services, each a JVM
 * of its own run from its packaged jar ({@code <root>/<module>/target/<module>-all.jar}), as
 * {@code ./stancewatch up}, the end-to-end tests and the bench all start them. Closing it stops
 * what it made, the services first and the brokers last, so the services can commit and close
 * while the brokers still answer.
 *
 * <p>Each process gets the launcher's environment without Stancewatch's own variables, then
 * the {@code environment} given here, then what its service needs (port, broker, partitions,
 * data folder), so nothing set by accident in the caller's shell configures it.
 */
public final class Launcher implements AutoCloseable {

  private final Path root;
  private final int partitions;
  private final List<String> jvmOptions;
  private final Map<String, String> environment;
  private final Output output;
  private final Deque<StackProcess> services = new ArrayDeque<>();
  private final List<StackProcess> brokers = new ArrayList<>();
  /** The local cluster the services made next connect to; null when they are given one in {@code environment}. */
  private KafkaCluster cluster;

  /**
   * @param root the repository, whose modules' {@code target} folders hold the jars
   * @param partitions partitions of the contract's topics, for the broker that creates them and the services
   * @param jvmOptions options of every JVM started
   * @param environment variables for every process, before those each service is given
   */
  public Launcher(Path root, int partitions, List<String> jvmOptions, Map<String, String> environment,
      Output output) {
    this.root = root;
    this.partitions = partitions;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.environment = Map.copyOf(environment);
    this.output = output;
  }

  /**
   * The local single-node broker (KRaft) on {@code port}, keeping its log in {@code dataDir};
   * it creates the contract's topics. The services made after it connect to it; without it
   * they connect to {@code KAFKA_BOOTSTRAP_SERVERS} of {@code environment}.
   */
  public StackProcess broker(Path dataDir, int port) {
    StackProcess broker = node("kafka", dataDir, port, List.of());
    cluster = new KafkaCluster(List.of(broker));
    return broker;
  }

  /**
   * A local KRaft cluster of one node per port, each broker and controller, each a process of
   * its own: node {@code i} listens on {@code ports.get(i - 1)} and keeps its log in
   * {@code <dataDir>/kafka-<i>}, next to the cluster id all share. One port makes {@link #broker}
   * with its data in {@code dataDir} itself. The services made after it connect to every node
   * and give their topics {@link KafkaCluster#replicationFactor()} replicas.
   */
  public KafkaCluster brokers(Path dataDir, List<Integer> ports) {
    if (ports.size() == 1) {
      broker(dataDir, ports.get(0));
      return cluster;
    }
    String clusterId = KafkaCluster.keptClusterId(dataDir);
    // Chosen once, so a node started again is given the same quorum.
    String controllerPorts = Arrays.stream(controllerPorts(ports)).mapToObj(Integer::toString)
        .collect(Collectors.joining(","));
    List<StackProcess> nodes = new ArrayList<>();
    for (int id = 1; id <= ports.size(); id++) {
      nodes.add(node("kafka-" + id, dataDir.resolve("kafka-" + id), ports.get(id - 1), List.of(
          "--node-id", Integer.toString(id), "--controller-ports", controllerPorts, "--cluster-id", clusterId)));
    }
    cluster = new KafkaCluster(nodes);
    return cluster;
  }

  private StackProcess node(String name, Path dataDir, int port, List<String> quorum) {
    List<String> program = new ArrayList<>(List.of("-jar", jar("local-kafka").toString(), "--data-dir",
        dataDir.toString(), "--port", Integer.toString(port), "--partitions", Integer.toString(partitions)));
    program.addAll(quorum);
    StackProcess node = new StackProcess(name, port, true, jvmOptions, program, environment, root, output);
    brokers.add(node);
    return node;
  }

  /** Free ports, none of them one of the brokers' (a free port may be handed out twice). */
  private static int[] controllerPorts(List<Integer> brokerPorts) {
    int[] ports;
    do {
      ports = freePorts(brokerPorts.size());
    } while (Arrays.stream(ports).anyMatch(brokerPorts::contains));
    return ports;
  }

  /**
   * ingest-service, accepting {@code token} for writes; its transactional id must stay the
   * same across restarts, so a restarted instance fences its predecessor's transactions.
   */
  public StackProcess ingest(String name, int port, String token, String transactionalId) {
    return service("ingest-service", name, port, Map.of(
        "STANCEWATCH_INGEST_TOKEN", token,
        "STANCEWATCH_INGEST_TRANSACTIONAL_ID", transactionalId));
  }

  /** stance-service, keeping its Kafka Streams state in {@code stateDir}. */
  public StackProcess stance(String name, int port, Path stateDir) {
    return service("stance-service", name, port, Map.of("STANCEWATCH_STATE_DIR", stateDir.toString()));
  }

  /**
   * stance-service as a member of Kafka Streams application {@code applicationId}: instances
   * with the same id share the fold, a new id folds the whole log again.
   */
  public StackProcess stance(String name, int port, Path stateDir, String applicationId) {
    return service("stance-service", name, port, Map.of(
        "STANCEWATCH_STATE_DIR", stateDir.toString(),
        "STANCEWATCH_STREAMS_APPLICATION_ID", applicationId));
  }

  /** query-service, keeping its cache of the history topic in {@code stateDir}: one folder per instance. */
  public StackProcess query(String name, int port, Path stateDir) {
    return service("query-service", name, port, Map.of("STANCEWATCH_QUERY_STATE_DIR", stateDir.toString()));
  }

  private StackProcess service(String module, String name, int port, Map<String, String> own) {
    Map<String, String> env = new HashMap<>(environment);
    if (cluster != null) {
      env.put("KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers());
      env.put("STANCEWATCH_TOPIC_REPLICATION_FACTOR", Integer.toString(cluster.replicationFactor()));
    }
    env.put("STANCEWATCH_TOPIC_PARTITIONS", Integer.toString(partitions));
    env.put(module.replace('-', '_').toUpperCase() + "_PORT", Integer.toString(port));
    env.putAll(own);
    StackProcess service = new StackProcess(name, port, false, jvmOptions, List.of("-jar", jar(module).toString()),
        env, root, output);
    services.push(service);
    return service;
  }

  /** Starts them all at once, so they start side by side, then waits until each is ready. */
  public void startAll(Duration timeout, StackProcess... processes) throws InterruptedException {
    for (StackProcess p : processes) {
      p.start();
    }
    for (StackProcess p : processes) {
      p.awaitReady(timeout);
    }
  }

  /** A broker and one instance of each service, started by {@link #startStack}. */
  public record Stack(StackProcess kafka, StackProcess ingest, StackProcess stance, StackProcess query) {}

  /**
   * Starts a broker, then one instance of each service beside it, on free ports with their data
   * under {@code dataDir}, and waits until all are ready; {@code name} prefixes ingest's
   * transactional id. If one does not become ready, this launcher is closed (all it started stops).
   */
  public Stack startStack(Path dataDir, String name, String ingestToken, Duration ready) throws InterruptedException {
    int[] ports = freePorts(4);
    try {
      StackProcess kafka = broker(dataDir.resolve("kafka"), ports[0]).startAndAwaitReady(ready);
      Stack stack = new Stack(kafka, ingest("ingest", ports[1], ingestToken, name + "-ingest-1"),
          stance("stance", ports[2], dataDir.resolve("stance")), query("query", ports[3], dataDir.resolve("query")));
      startAll(ready, stack.ingest(), stack.stance(), stack.query());
      return stack;
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
  }

  /** A module's runnable jar. */
  public Path jar(String module) {
    return root.resolve(module).resolve("target").resolve(module + "-all.jar");
  }

  /** The java command of this JVM, so every process runs on the same JDK. */
  public static String java() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** {@code JAVA_OPTS}: extra options for every JVM, as the README's Configuration section says. */
  public static List<String> javaOpts() {
    String opts = System.getenv().getOrDefault("JAVA_OPTS", "").trim();
    return opts.isEmpty() ? List.of() : Arrays.asList(opts.split("\\s+"));
  }

  /** Ports free now, each different: all are held open until every one is chosen. */
  public static int[] freePorts(int count) {
    try {
      List<ServerSocket> held = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        held.add(new ServerSocket(0));
      }
      int[] ports = held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
      for (ServerSocket socket : held) {
        socket.close();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Variables that configure Stancewatch's processes (the README's Configuration section) or Micronaut. */
  static boolean isStancewatchVariable(String name) {
    return name.startsWith("STANCEWATCH_") || name.startsWith("KAFKA_") || name.endsWith("_SERVICE_PORT")
        || name.startsWith("MICRONAUT_");
  }

  /** Stops every service made, the last made first, then the brokers together. */
  @Override
  public void close() {
    for (StackProcess service : services) {
      service.stop();
    }
    StackProcess.stopCluster(brokers);
  }
}
