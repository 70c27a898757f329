package io.stancewatch.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class StackProcessTest {

  private static final Duration READY = Duration.ofSeconds(30);

  private final RecordedOutput output = new RecordedOutput();

  @Test
  void aServiceKilledWithSigkillStartsAgainAndServesAgain() throws Exception {
    int port = Launcher.freePorts(1)[0];
    try (StackProcess service = fake("fake", port, Map.of("FAKE_SERVICE_PORT", Integer.toString(port)))) {
      service.startAndAwaitReady(READY);
      assertEquals(200, service.health().status());
      long first = service.pid();

      service.kill();
      assertEquals(0, service.health().status(), "nothing answers once it is killed");
      assertEquals(0, output.count("fake: stopping"), "SIGKILL runs no shutdown hook");

      service.startAndAwaitReady(READY);
      assertEquals(200, service.health().status());
      assertNotEquals(first, service.pid());
    }
    assertEquals(1, output.count("fake: stopping"), "closing stops it with SIGTERM");
  }

  @Test
  void aProcessExitingWhileStartingFailsTheWaitAndSaysWhereItsOutputIs() {
    StackProcess failing = fake("failing", 1, Map.of(), "exit");
    failing.start();

    IllegalStateException failure = assertThrows(IllegalStateException.class, () -> failing.awaitReady(READY));
    assertEquals("failing exited with status 3; see the recorded output", failure.getMessage());
  }

  @Test
  void ctrlCInATerminalDoesNotReachTheChildSoTheLauncherStopsItInItsTurn() throws Exception {
    int port = Launcher.freePorts(1)[0];
    try (StackProcess service = fake("fake", port, Map.of("FAKE_SERVICE_PORT", Integer.toString(port)))) {
      service.startAndAwaitReady(READY);
      assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(service.pid())).start().waitFor());
      long ticks = output.count("fake: tick");

      Awaitility.await("ticks after SIGINT").atMost(READY).until(() -> output.count("fake: tick") >= ticks + 5);
      assertTrue(service.isAlive());
      service.stop();
      assertFalse(service.isAlive());
      assertEquals(1, output.count("fake: stopping"));
    }
  }

  private StackProcess fake(String name, int port, Map<String, String> env, String... args) {
    List<String> program = new ArrayList<>(List.of("-cp", testClasses().toString(),
        FakeService.class.getName()));
    program.addAll(List.of(args));
    return new StackProcess(name, port, false, List.of(), program, env, Path.of("."), output);
  }

  static Path testClasses() {
    try {
      return Path.of(FakeService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
