package io.stancewatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JvmMemoryTest {

  @Test
  void usedHeapIsG1sHeapLineWithoutMetaspace() {
    String g1 = """
        12119:
         garbage-first heap   total 14336K, used 2885K [0x00000000c0000000, 0x0000000100000000)
          region size 1024K, 0 young (0K), 0 survivors (0K)
         Metaspace       used 8948K, committed 9088K, reserved 1114112K
          class space    used 1062K, committed 1152K, reserved 1048576K
        """;

    assertEquals(2885L * 1024, JvmMemory.usedHeapBytes(g1));
  }

  @Test
  void usedHeapOfAGenerationalCollectorSumsItsGenerations() {
    String parallel = """
        4242:
         PSYoungGen      total 76288K, used 3932K [0x000000076ab00000, 0x0000000770000000, 0x00000007c0000000)
          eden space 65536K, 6% used [0x000000076ab00000,0x000000076aed7240,0x000000076eb00000)
         ParOldGen       total 175104K, used 1000K [0x00000006c0000000, 0x00000006cab00000, 0x000000076ab00000)
          object space 175104K, 0% used [0x00000006c0000000,0x00000006c0000000,0x00000006cab00000)
         Metaspace       used 8948K, committed 9088K, reserved 1114112K
        """;

    assertEquals((3932L + 1000L) * 1024, JvmMemory.usedHeapBytes(parallel));
  }

  @Test
  void outputWithoutAHeapLineIsRefused() {
    assertThrows(IllegalStateException.class, () -> JvmMemory.usedHeapBytes("4242:\nCommand executed successfully"));
  }
}
