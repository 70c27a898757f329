package io.stancewatch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpTest {

  @TempDir
  Path dataDir;

  @Test
  void optionsAreTheDemoAndTheDataFolder() {
    Path fallback = Path.of("/repo/.stancewatch");

    assertEquals(new Up.Options(false, fallback, 1), Up.Options.parse(new String[0], fallback));
    assertEquals(new Up.Options(true, Path.of("/data"), 1), Up.Options.parse(new String[] {"--data-dir", "/data", "--demo"},
        fallback));
    assertEquals("--data-dir needs a folder", assertThrows(IllegalArgumentException.class,
        () -> Up.Options.parse(new String[] {"--data-dir"}, fallback)).getMessage());
    assertEquals("up: unknown option --dmeo", assertThrows(IllegalArgumentException.class,
        () -> Up.Options.parse(new String[] {"--dmeo"}, fallback)).getMessage());
  }

  @Test
  void brokersIsTheNumberOfKafkaNodesFromOneToFive() {
    Path fallback = Path.of("/repo/.stancewatch");

    assertEquals(new Up.Options(false, fallback, 3), Up.Options.parse(new String[] {"--brokers", "3"}, fallback));
    assertEquals(new Up.Options(true, fallback, 5), Up.Options.parse(new String[] {"--demo", "--brokers", "5"}, fallback));
    for (String wrong : List.of("0", "6", "-1", "three", "99999999999")) {
      assertEquals("--brokers needs a number from 1 to 5", assertThrows(IllegalArgumentException.class,
          () -> Up.Options.parse(new String[] {"--brokers", wrong}, fallback)).getMessage(), wrong);
    }
    assertEquals("--brokers needs a number from 1 to 5", assertThrows(IllegalArgumentException.class,
        () -> Up.Options.parse(new String[] {"--brokers"}, fallback)).getMessage());
  }

  @Test
  void aServiceOnAPortOfTheBrokersIsRefusedBeforeAnythingStarts() {
    Up up = new Up(dataDir, new Up.Options(false, dataDir, 3), Map.of("INGEST_SERVICE_PORT", "9094"));

    assertEquals("port 9094 is given to two processes (ports are set by the *_PORT variables; the brokers after the"
        + " first take the ports after STANCEWATCH_KAFKA_PORT)", assertThrows(IllegalArgumentException.class, up::run)
        .getMessage());
  }

  @Test
  void aDataFolderKeepsItsNumberOfBrokers() throws Exception {
    Files.createDirectories(dataDir.resolve("kafka").resolve("kafka-logs"));
    Up three = new Up(dataDir, new Up.Options(false, dataDir, 3), Map.of());
    assertEquals("the data folder holds the log of 1 Kafka node(s): run up with --brokers 1, or give another --data-dir",
        assertThrows(IllegalArgumentException.class, three::run).getMessage());

    Path clusterDir = dataDir.resolve("cluster");
    for (int node = 1; node <= 3; node++) {
      Files.createDirectories(clusterDir.resolve("kafka").resolve("kafka-" + node).resolve("kafka-logs"));
    }
    Up one = new Up(dataDir, new Up.Options(false, clusterDir, 1), Map.of());
    assertEquals("the data folder holds the log of 3 Kafka node(s): run up with --brokers 3, or give another --data-dir",
        assertThrows(IllegalArgumentException.class, one::run).getMessage());
  }

  @Test
  void brokersAreLocalSoTheyCannotBeAskedForBesideAnotherCluster() {
    Up up = new Up(dataDir, new Up.Options(false, dataDir, 3), Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka.example:9092"));

    assertEquals("--brokers starts local brokers, but KAFKA_BOOTSTRAP_SERVERS names a cluster",
        assertThrows(IllegalArgumentException.class, up::run).getMessage());
  }

  @Test
  void aNewTokenIsKeptForTheOwnerOnlyAndUsedAgainNextTime() throws Exception {
    String token = Up.token(Map.of(), dataDir);

    assertEquals(48, token.length());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("ingest-token"))));
    assertEquals(token, Up.token(Map.of(), dataDir));
  }

  @Test
  void theTokenVariableWinsOverTheKeptOne() throws Exception {
    Up.token(Map.of(), dataDir);

    assertEquals("from-the-environment", Up.token(Map.of("STANCEWATCH_INGEST_TOKEN", "from-the-environment"), dataDir));
  }
}
