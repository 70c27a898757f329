package io.stancewatch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher on a repository whose jars all hold {@link FakeService}. */
class LauncherTest {

  private static final Duration READY = Duration.ofSeconds(30);

  @TempDir
  Path root;

  private final RecordedOutput output = new RecordedOutput();

  @Test
  void eachServiceIsGivenItsPortTheBrokerThePartitionsAndItsDataFolder() throws Exception {
    fakeJars("local-kafka", "query-service");
    int[] ports = Launcher.freePorts(2);
    try (Launcher launcher = new Launcher(root, 3, List.of(), Map.of("STANCEWATCH_EXTRA", "given"), output)) {
      StackProcess broker = launcher.broker(root.resolve("kafka"), ports[0]).startAndAwaitReady(READY);
      launcher.query("query-a", ports[1], root.resolve("query-a")).startAndAwaitReady(READY);

      List<String> lines = output.lines();
      assertTrue(lines.contains("kafka: args --data-dir " + root.resolve("kafka") + " --port " + ports[0]
          + " --partitions 3"), lines.toString());
      for (String variable : List.of("KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers(),
          "QUERY_SERVICE_PORT=" + ports[1], "STANCEWATCH_TOPIC_PARTITIONS=3", "STANCEWATCH_TOPIC_REPLICATION_FACTOR=1",
          "STANCEWATCH_QUERY_STATE_DIR=" + root.resolve("query-a"), "STANCEWATCH_EXTRA=given")) {
        assertTrue(lines.contains("query-a: env " + variable), variable + " in " + lines);
      }
    }
  }

  @Test
  void closingStopsTheServicesBeforeTheBroker() throws Exception {
    fakeJars("local-kafka", "ingest-service", "stance-service");
    int[] ports = Launcher.freePorts(3);
    try (Launcher launcher = new Launcher(root, 3, List.of(), Map.of(), output)) {
      launcher.broker(root.resolve("kafka"), ports[0]).startAndAwaitReady(READY);
      launcher.startAll(READY, launcher.ingest("ingest", ports[1], "token", "ingest-1"),
          launcher.stance("stance", ports[2], root.resolve("stance")));
    }
    List<String> stopping = output.lines().stream().filter(line -> line.endsWith(": stopping")).toList();
    assertEquals(List.of("stance: stopping", "ingest: stopping", "kafka: stopping"), stopping);
  }

  @Test
  void eachNodeOfAClusterIsGivenItsIdItsFolderAndOneQuorumAndTheServicesEveryNode() throws Exception {
    fakeJars("local-kafka", "query-service");
    int[] ports = Launcher.freePorts(4);
    Path dataDir = root.resolve("kafka");
    try (Launcher launcher = new Launcher(root, 3, List.of(), Map.of(), output)) {
      KafkaCluster cluster = launcher.brokers(dataDir, List.of(ports[0], ports[1], ports[2])).startAndAwaitReady(READY);
      launcher.query("query", ports[3], root.resolve("query")).startAndAwaitReady(READY);

      String clusterId = Files.readString(dataDir.resolve("cluster-id"));
      assertEquals(clusterId, KafkaCluster.keptClusterId(dataDir), "kept for the next start");
      String firstNode = argsOf("kafka-1");
      String controllerPorts = firstNode.replaceAll(".* --controller-ports (\\S+) .*", "$1");
      assertEquals(3, controllerPorts.split(",").length, firstNode);
      for (int id = 1; id <= 3; id++) {
        assertEquals("kafka-" + id, cluster.node(id).name());
        assertEquals("--data-dir " + dataDir.resolve("kafka-" + id) + " --port " + ports[id - 1] + " --partitions 3"
            + " --node-id " + id + " --controller-ports " + controllerPorts + " --cluster-id " + clusterId,
            argsOf("kafka-" + id));
      }
      String everyNode = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
      assertEquals(everyNode, cluster.bootstrapServers());
      for (String variable : List.of("KAFKA_BOOTSTRAP_SERVERS=" + everyNode, "STANCEWATCH_TOPIC_REPLICATION_FACTOR=3")) {
        assertTrue(output.lines().contains("query: env " + variable), variable + " in " + output.lines());
      }
    }
    List<String> stopping = output.lines().stream().filter(line -> line.endsWith(": stopping")).toList();
    assertEquals("query: stopping", stopping.get(0));
    assertEquals(Set.of("kafka-1: stopping", "kafka-2: stopping", "kafka-3: stopping"),
        Set.copyOf(stopping.subList(1, stopping.size())));
  }

  private String argsOf(String process) {
    return output.lines().stream().filter(line -> line.startsWith(process + ": args ")).findFirst().orElseThrow()
        .substring((process + ": args ").length());
  }

  /** Jars that run {@link FakeService}, where the launcher looks for each module's. */
  private void fakeJars(String... modules) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeService.class.getName());
    String entry = FakeService.class.getName().replace('.', '/') + ".class";
    byte[] fake = Files.readAllBytes(StackProcessTest.testClasses().resolve(entry));
    for (String module : modules) {
      Path jar = root.resolve(module).resolve("target").resolve(module + "-all.jar");
      Files.createDirectories(jar.getParent());
      try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
        out.putNextEntry(new JarEntry(entry));
        out.write(fake);
        out.closeEntry();
      }
    }
  }
}
