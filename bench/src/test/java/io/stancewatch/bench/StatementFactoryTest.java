package io.stancewatch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.events.Statement;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class StatementFactoryTest {

  private static final Pattern SLUG = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

  @Test
  void backlogStatementsFollowTheContractAndTheLastRoundIsTheLatest() {
    StatementFactory factory = new StatementFactory(10_000, 50);
    for (int a : new int[] {0, 4_999, 9_999}) {
      for (int i : new int[] {0, 49}) {
        Statement first = factory.backlog(a, i, 0);
        Statement last = factory.backlog(a, i, StatementFactory.ROUNDS - 1);
        assertTrue(SLUG.matcher(first.getActor()).matches() && first.getActor().length() <= 64);
        assertTrue(SLUG.matcher(first.getTopic()).matches());
        assertTrue(first.getQuote().length() <= 2000 && first.getSourceUrl().startsWith("https://"));
        assertTrue(last.getOccurredAt().isAfter(first.getOccurredAt()));
        assertEquals(factory.finalStance(a, i), last.getStance());
        assertEquals(first, factory.backlog(a, i, 0));
      }
    }
  }
}
