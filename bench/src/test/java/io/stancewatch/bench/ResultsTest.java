package io.stancewatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsTest {

  @Test
  void targetsAreMetAtOrBeyondTheirBound() {
    assertTrue(new Results.Row("a", 0.6, "≥ 0.6", "").met());
    assertEquals(false, new Results.Row("a", 0.59, "≥ 0.6", "").met());
    assertTrue(new Results.Row("b", 50, "≤ 50", "").met());
    assertEquals(false, new Results.Row("b", 50.5, "≤ 50", "").met());
    assertNull(new Results.Row("c", 812, "report", "").met());
  }

  @Test
  void jsonHasTheTableKeysAtTheTop() {
    Results results = new Results();
    results.row("post_vs_noop", 0.51234, "≥ 0.5", "POST / no-op");
    results.detail("backlog_statements", 100);

    Map<String, Object> json = results.json();

    assertEquals(0.512, json.get("post_vs_noop"));
    assertEquals(Map.of("backlog_statements", 100), json.get("details"));
    assertTrue(results.table().contains("post_vs_noop"));
  }
}
