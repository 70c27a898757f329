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
