package io.stancewatch.query.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.stancewatch.problem.ProblemException;
import io.stancewatch.query.view.ActorKey;
import io.stancewatch.query.view.ActorOrder;
import org.junit.jupiter.api.Test;

class ActorCursorTest {

  @Test
  void aCursorReadsBackAsThePlaceOfTheLastItemInItsOrder() {
    ActorKey inBloc = new ActorKey("united-states", true, "united\nstates", "united-states");
    ActorKey noKind = new ActorKey(null, false, "pete hegseth", "pete-hegseth");

    assertEquals(new ActorCursor.After(inBloc, "nato"), decode(ActorCursor.key(ActorOrder.BLOC, inBloc, "nato"), ActorOrder.BLOC, true));
    assertEquals(new ActorCursor.After(noKind, null), decode(ActorCursor.key(ActorOrder.KIND, noKind, null), ActorOrder.KIND, false));
    assertEquals(new ActorCursor.After(ActorKey.bySlug("kremlin"), "nato"),
        decode(ActorCursor.key(ActorOrder.ACTOR, ActorKey.bySlug("kremlin"), "nato"), ActorOrder.ACTOR, true));
  }

  @Test
  void aCursorOfAnotherSortOrListIsACursorProblem() {
    ActorKey key = new ActorKey(null, false, "pete hegseth", "pete-hegseth");
    for (ActorOrder other : new ActorOrder[] {ActorOrder.ACTOR, ActorOrder.KIND, ActorOrder.BLOC}) {
      ProblemException problem = assertThrows(ProblemException.class,
          () -> decode(ActorCursor.key(ActorOrder.NAME, key, "nato"), other, true), other.name());
      assertEquals("cursor", problem.problem().violations().get(0).field());
    }
    assertThrows(ProblemException.class, () -> decode(ActorCursor.key(ActorOrder.NAME, key, null), ActorOrder.NAME, true),
        "an /actors cursor on /stances");
  }

  private static ActorCursor.After decode(String[] key, ActorOrder order, boolean withTopic) {
    return ActorCursor.decode(PageCursor.encode(key), order, withTopic);
  }
}
