package io.stancewatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class WrkScriptTest {

  @Test
  void jsonBodiesBecomeLuaStringLiterals() {
    assertEquals("\"{\\\"quote\\\":\\\"a \\\\ b\\nc\\\"}\"", Wrk.luaString("{\"quote\":\"a \\ b\nc\"}"));
  }

  @Test
  void postScriptSendsTheTokenAndCyclesThroughTheBodies() {
    String lua = Wrk.postScript("/statements", "t0k3n", List.of("{}", "[]"));

    assertTrue(lua.contains("wrk.headers[\"Authorization\"] = \"Bearer t0k3n\""));
    assertTrue(lua.contains("wrk.format(nil, \"/statements\", nil, bodies[(i % #bodies) + 1])"));
  }
}
