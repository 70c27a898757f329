package io.stancewatch.query.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stancewatch.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageCursorTest {

  @Test
  void partsHoldingLineFeedsAndBackslashesComeBackWhole() {
    List<String> key = List.of("name", "Line\none", "back\\slash\\n", "", "pete-hegseth");

    assertEquals(key, PageCursor.decode(PageCursor.encode(key.toArray(String[]::new)), 5));
  }

  @Test
  void slugsAndDatesReadAsTheirPlainJoinedForm() {
    String plain = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("donald-trump\nnegotiated-settlement".getBytes(StandardCharsets.UTF_8));

    assertEquals(plain, PageCursor.encode("donald-trump", "negotiated-settlement"), "cursors given out before stay good");
  }

  @Test
  void anEscapeThatDoesNotReadIsACursorProblem() {
    String broken = Base64.getUrlEncoder().withoutPadding().encodeToString("a\\x\nb".getBytes(StandardCharsets.UTF_8));

    ProblemException problem = assertThrows(ProblemException.class, () -> PageCursor.decode(broken, 2));
    assertEquals("cursor", problem.problem().violations().get(0).field());
  }
}
