package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.HistoryKey;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.domain.StoredActor.Identity;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Stance;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActorStanceViewTest {

  private final ActorStanceView view = new ActorStanceView();

  @Test
  void pairsAreKeptByTopicAndTheLatestStatementDatesTheActor() {
    view.applyPair("hegseth", "troops", pair("hegseth", "troops", "h-2", "2025-02-12T11:00:00Z"));
    view.applyPair("hegseth", "nato", pair("hegseth", "nato", "h-1", "2025-02-12T10:00:00Z"));

    ActorStanceView.Actor hegseth = view.actor("hegseth").orElseThrow();
    assertEquals(List.of("nato", "troops"), List.copyOf(hegseth.pairs().keySet()));
    assertEquals(Instant.parse("2025-02-12T11:00:00Z"), hegseth.lastStatementAt());
    assertNull(hegseth.name(), "no profile read");
  }

  @Test
  void aPairWithEveryStatementRetractedKeepsTheActorButDatesNothing() {
    view.applyPair("jonson", "nato", new PairSummary("jonson", "nato", null, null, 0, 2));

    assertTrue(view.actor("jonson").orElseThrow().pairs().containsKey("nato"));
    assertNull(view.actor("jonson").orElseThrow().lastStatementAt());
  }

  @Test
  void tombstonesForgetPairsAndProfilesAndAnActorLeftWithNeither() {
    view.applyPair("hegseth", "nato", pair("hegseth", "nato", "h-1", "2025-02-12T10:00:00Z"));
    view.applyIdentity("hegseth", new Identity("Pete Hegseth", ActorKind.PERSON));
    assertEquals("Pete Hegseth", view.actor("hegseth").orElseThrow().name());

    view.applyPair("hegseth", "nato", null);
    assertEquals(ActorKind.PERSON, view.actor("hegseth").orElseThrow().kind(), "the profile still names it");
    view.applyIdentity("hegseth", null);
    assertTrue(view.actor("hegseth").isEmpty());
    assertEquals(List.of(), List.copyOf(view.actors()));
  }

  @Test
  void aSummaryKeepsTheSlugsTheViewAlreadyHolds() {
    view.applyPair("hegseth", "nato", pair(new String("hegseth"), new String("nato"), "h-1", "2025-02-12T10:00:00Z"));
    view.applyPair("hegseth", "troops", pair("hegseth", "troops", "h-2", "2025-02-12T11:00:00Z"));

    ActorStanceView.Actor hegseth = view.actor("hegseth").orElseThrow();
    PairSummary nato = hegseth.pairs().get("nato");
    assertSame(hegseth.actor(), nato.actor());
    assertSame(hegseth.pairs().get("troops").actor(), nato.actor());
    assertSame(nato.current().statementId(), nato.runStart().statementId(), "a run of one: the id once");
  }

  private static PairSummary pair(String actor, String topic, String statementId, String at) {
    HistoryItem current = new HistoryItem(statementId, Stance.OPPOSE, 1.0, Instant.parse(at), "quote", null, null, null,
        false);
    // A separate copy of the id, as decoding gives.
    return new PairSummary(actor, topic, current, new HistoryKey(Instant.parse(at), new String(statementId)), 1, 1);
  }
}
