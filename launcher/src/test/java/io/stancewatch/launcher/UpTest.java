package io.stancewatch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpTest {

  @TempDir
  Path dataDir;

  @Test
  void optionsAreTheDemoAndTheDataFolder() {
    Path fallback = Path.of("/repo/.stancewatch");

    assertEquals(new Up.Options(false, fallback), Up.Options.parse(new String[0], fallback));
    assertEquals(new Up.Options(true, Path.of("/data")), Up.Options.parse(new String[] {"--data-dir", "/data", "--demo"},
        fallback));
    assertEquals("--data-dir needs a folder", assertThrows(IllegalArgumentException.class,
        () -> Up.Options.parse(new String[] {"--data-dir"}, fallback)).getMessage());
    assertEquals("up: unknown option --dmeo", assertThrows(IllegalArgumentException.class,
        () -> Up.Options.parse(new String[] {"--dmeo"}, fallback)).getMessage());
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
