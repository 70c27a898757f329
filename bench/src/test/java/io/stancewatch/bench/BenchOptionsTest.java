package io.stancewatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void fullRunHasTheIssueSizesAndQuickIsSmaller() {
    BenchOptions full = BenchOptions.parse(new String[0], Path.of("/repo"));
    BenchOptions quick = BenchOptions.parse(new String[] {"--quick", "--jfr"}, Path.of("/repo"));

    assertEquals(1_000_000, new StatementFactory(full.sizes().actors(), full.sizes().issues()).backlogSize());
    assertTrue(quick.quick() && quick.jfr());
    assertTrue(quick.sizes().actors() < full.sizes().actors());
    assertEquals(1000, full.sizes().freshnessPerSecond());
    assertEquals(2000, full.sizes().freshnessHighPerSecond());
    assertEquals(2000, quick.sizes().freshnessHighPerSecond());
    assertEquals(500_000, full.sizes().pairs());
    assertEquals(Path.of("/repo/bench-results.json"), full.out());
    assertEquals(Path.of("/repo/bench/target/bench-run"), full.runDir());
  }

  @Test
  void unknownOptionsAndMissingValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--fast"}, Path.of("/")));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--out"}, Path.of("/")));
  }
}
