package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * No Docker engine runs where this is built, so docker-compose.yml cannot be started here.
 * This keeps it honest instead: its brokers form one KRaft cluster that replicates by the
 * contract's rule, and every service it runs exists, listens where its application.yml says,
 * knows every broker, and is given only environment variables its configuration reads.
 */
class ComposeFileTest {

  private static final Path ROOT = StancewatchUp.ROOT;
  private static final List<String> SERVICES = List.of("ingest-service", "stance-service", "query-service");
  private static final Pattern PORT_PLACEHOLDER = Pattern.compile("port: \\$\\{(\\w+):(\\d+)}");

  @Test
  void runsThreeKafkaNodesAndTheThreeServices() throws Exception {
    Map<String, Object> services = services();
    List<String> brokers = brokers(services);
    assertEquals(List.of("kafka-1", "kafka-2", "kafka-3"), brokers);
    List<String> all = new ArrayList<>(brokers);
    all.addAll(SERVICES);
    assertEquals(all, List.copyOf(services.keySet()));
  }

  @Test
  void theBrokersFormOneKraftCluster() throws Exception {
    Map<String, Object> services = services();
    List<String> brokers = brokers(services);
    List<String> voters = new ArrayList<>();
    Set<String> clusterIds = new HashSet<>();
    for (String name : brokers) {
      Map<String, String> env = env(section(services, name));
      assertEquals("broker,controller", env.get("KAFKA_PROCESS_ROLES"), name);
      voters.add(env.get("KAFKA_NODE_ID") + "@" + name + ":" + listenerPort(env.get("KAFKA_LISTENERS"), "CONTROLLER"));
      clusterIds.add(env.get("CLUSTER_ID"));
    }
    assertEquals(1, clusterIds.size(), "one CLUSTER_ID: " + clusterIds);
    assertEquals(brokers.size(), voters.stream().map(v -> v.substring(0, v.indexOf('@'))).distinct().count(),
        "every node has its own id: " + voters);
    for (String name : brokers) {
      assertEquals(String.join(",", voters), env(section(services, name)).get("KAFKA_CONTROLLER_QUORUM_VOTERS"),
          name + " knows every node as a voter");
    }
  }

  @Test
  void eachBrokerIsReachableFromTheHostAndKeepsItsLogOnItsOwnVolume() throws Exception {
    Map<String, Object> services = services();
    Set<String> hostPorts = new HashSet<>();
    Set<String> volumes = new HashSet<>();
    for (String name : brokers(services)) {
      Map<String, Object> broker = section(services, name);
      Map<String, String> env = env(broker);
      @SuppressWarnings("unchecked")
      List<String> ports = (List<String>) broker.get("ports");
      assertEquals(1, ports.size(), name + " publishes one port");
      String[] published = ports.get(0).split(":");
      assertTrue(hostPorts.add(published[0]), name + " publishes a host port of its own");
      assertEquals(listenerPort(env.get("KAFKA_LISTENERS"), "EXTERNAL"), published[1], name + " publishes its EXTERNAL listener");
      assertTrue(env.get("KAFKA_ADVERTISED_LISTENERS").contains("EXTERNAL://localhost:" + published[0]),
          name + " advertises its published port to the host");

      @SuppressWarnings("unchecked")
      List<String> mounts = (List<String>) broker.get("volumes");
      assertEquals(List.of(name + "-data:" + env.get("KAFKA_LOG_DIRS")), mounts, name + " keeps its log on its volume");
      assertTrue(volumes.add(mounts.get(0)), name + " has a volume of its own");
    }
  }

  /** Replicated as the services create their topics: the same replication factor and minimum in sync for all. */
  @Test
  void brokersAndServicesReplicateByTheContractsRule() throws Exception {
    Map<String, Object> services = services();
    List<String> brokers = brokers(services);
    short replicationFactor = (short) Math.min(brokers.size(), 3);
    String minInsync = String.valueOf(Topics.minInsyncReplicas(replicationFactor));
    for (String name : brokers) {
      Map<String, String> env = env(section(services, name));
      for (String variable : List.of("KAFKA_DEFAULT_REPLICATION_FACTOR", "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR",
          "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR")) {
        assertEquals(String.valueOf(replicationFactor), env.get(variable), name + " " + variable);
      }
      assertEquals(minInsync, env.get("KAFKA_MIN_INSYNC_REPLICAS"), name + " min.insync.replicas");
      assertEquals(minInsync, env.get("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR"), name + " transaction.state.log.min.isr");
    }
    for (String name : SERVICES) {
      assertEquals(String.valueOf(replicationFactor), env(section(services, name)).get("STANCEWATCH_TOPIC_REPLICATION_FACTOR"),
          name + " creates its topics with the cluster's replication factor");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ingest-service", "stance-service", "query-service"})
  void serviceMatchesItsConfiguration(String name) throws Exception {
    Map<String, Object> services = services();
    Map<String, Object> service = section(services, name);
    String config = Files.readString(ROOT.resolve(name + "/src/main/resources/application.yml"));

    Matcher port = PORT_PLACEHOLDER.matcher(config);
    assertTrue(port.find(), name + " reads its port from an environment variable");
    String portVariable = port.group(1);
    String defaultPort = port.group(2);
    assertEquals(defaultPort, env(service).get(portVariable), name + " port variable");
    assertEquals(List.of(defaultPort + ":" + defaultPort), service.get("ports"), name + " published port");

    for (String variable : env(service).keySet()) {
      assertTrue(config.contains("${" + variable + ":") || config.contains("${" + variable + "}"),
          name + " is given " + variable + " but its application.yml never reads it");
    }

    List<String> brokers = brokers(services);
    List<String> internal = brokers.stream()
        .map(b -> listenerAddress(env(section(services, b)).get("KAFKA_ADVERTISED_LISTENERS"), "PLAINTEXT")).toList();
    assertEquals(internal, List.of(env(service).get("KAFKA_BOOTSTRAP_SERVERS").split(",")),
        name + " bootstraps from every broker's internal listener");
    assertEquals(brokers, service.get("depends_on"), name + " starts after the brokers");

    String dockerfile = Files.readString(ROOT.resolve(name + "/Dockerfile"));
    assertTrue(dockerfile.contains("target/" + name + "-"), name + " Dockerfile copies its own jar");
    assertTrue(dockerfile.contains("EXPOSE " + defaultPort), name + " Dockerfile exposes its port");
  }

  private static Map<String, Object> services() throws Exception {
    Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    return section(compose, "services");
  }

  /** The services that run the official Kafka image, in file order. */
  private static List<String> brokers(Map<String, Object> services) {
    return services.keySet().stream()
        .filter(name -> String.valueOf(section(services, name).get("image")).startsWith("apache/kafka:"))
        .toList();
  }

  /** {@code host:port} of the named listener in a {@code NAME://host:port,...} list. */
  private static String listenerAddress(String listeners, String listener) {
    Matcher address = Pattern.compile("(?:^|,)" + listener + "://([^,]*)").matcher(listeners);
    assertTrue(address.find(), listener + " listener in " + listeners);
    return address.group(1);
  }

  private static String listenerPort(String listeners, String listener) {
    String address = listenerAddress(listeners, listener);
    return address.substring(address.lastIndexOf(':') + 1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }

  private static Map<String, String> env(Map<String, Object> service) {
    Map<String, Object> raw = section(service, "environment");
    Map<String, String> env = new LinkedHashMap<>();
    raw.forEach((k, v) -> env.put(k, String.valueOf(v)));
    return env;
  }
}
