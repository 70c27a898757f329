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

  @Test
  void byNameIgnoringCaseAnActorWithoutANameByItsSlugThenBySlug() {
    view.applyPair("zelenskyy", "nato", pair("zelenskyy", "nato", "z-1", "2025-02-12T10:00:00Z"));
    view.applyIdentity("zelenskyy", new Identity("volodymyr Zelenskyy", ActorKind.PERSON));
    view.applyIdentity("a-trump", new Identity("Trump", ActorKind.PERSON));
    view.applyIdentity("b-trump", new Identity("TRUMP", null));
    view.applyPair("kremlin", "nato", pair("kremlin", "nato", "k-1", "2025-02-12T10:00:00Z"));
    view.applyIdentity("abe", new Identity("Zed", ActorKind.OTHER));

    assertEquals(List.of("kremlin", "a-trump", "b-trump", "zelenskyy", "abe"), slugs(ActorOrder.NAME, null));
    assertEquals(List.of("a-trump", "abe", "b-trump", "kremlin", "zelenskyy"), slugs(ActorOrder.ACTOR, null));
    assertEquals(List.of("zelenskyy", "abe"), slugs(ActorOrder.NAME, view.actor("b-trump").orElseThrow().key(ActorOrder.NAME)),
        "strictly after the key");
  }

  @Test
  void byKindInItsSymbolsAlphabeticalOrderActorsWithoutAKindLastThenByName() {
    view.applyIdentity("hegseth", new Identity("Pete Hegseth", ActorKind.PERSON));
    view.applyIdentity("us", new Identity("United States", ActorKind.GOVERNMENT));
    view.applyIdentity("nato", new Identity("NATO", ActorKind.ORGANIZATION));
    view.applyIdentity("giles", new Identity("Keir Giles", ActorKind.PERSON));
    view.applyIdentity("crowd", new Identity("A crowd", ActorKind.OTHER));
    view.applyPair("kremlin", "nato", pair("kremlin", "nato", "k-1", "2025-02-12T10:00:00Z"));
    view.applyIdentity("anon", new Identity("Anonymous", null));

    assertEquals(List.of("us", "nato", "crowd", "giles", "hegseth", "anon", "kremlin"), slugs(ActorOrder.KIND, null));
  }

  @Test
  void aSpeakerIsInTheBlocItLatestSpokeForAndTheBlocLeadsItsGroup() {
    view.applyPair("hegseth", "nato", spoken("hegseth", "nato", "h-1", "2025-02-12T10:00:00Z", null, "us"));
    view.applyPair("hegseth", "troops", spoken("hegseth", "troops", "h-2", "2025-02-12T11:00:00Z", null, "eu"));
    view.applyPair("hegseth", "ceasefire", pair("hegseth", "ceasefire", "h-3", "2025-02-12T12:00:00Z"));
    view.applyPair("us", "nato", spoken("us", "nato", "h-1", "2025-02-12T10:00:00Z", "hegseth", null));
    view.applyIdentity("us", new Identity("United States", ActorKind.GOVERNMENT));
    view.applyPair("eu", "troops", spoken("eu", "troops", "h-2", "2025-02-12T11:00:00Z", "hegseth", null));
    view.applyPair("vance", "nato", spoken("vance", "nato", "v-1", "2025-02-12T09:00:00Z", null, "us"));
    view.applyIdentity("vance", new Identity("JD Vance", ActorKind.PERSON));
    view.applyPair("kremlin", "nato", pair("kremlin", "nato", "k-1", "2025-02-12T10:00:00Z"));
    view.applyIdentity("abe", new Identity("Abe", null));

    assertEquals("eu", view.actor("hegseth").orElseThrow().bloc(), "the latest statement naming a bloc, not the latest one");
    assertEquals("us", view.actor("us").orElseThrow().bloc(), "spoken for: a bloc");
    assertEquals(null, view.actor("kremlin").orElseThrow().bloc());
    assertEquals(List.of("eu", "hegseth", "us", "vance", "abe", "kremlin"), slugs(ActorOrder.BLOC, null),
        "groups by bloc slug, the bloc first though \"JD Vance\" sorts before \"United States\", then no bloc");
  }

  @Test
  void theBlocChangesWhenTheDecidingPairChangesOrIsRetractedOrForgotten() {
    view.applyPair("hegseth", "nato", spoken("hegseth", "nato", "h-1", "2025-02-12T10:00:00Z", null, "us"));
    view.applyPair("hegseth", "troops", spoken("hegseth", "troops", "h-2", "2025-02-12T11:00:00Z", null, "eu"));
    assertEquals("eu", view.actor("hegseth").orElseThrow().bloc());

    view.applyPair("hegseth", "troops", spoken("hegseth", "troops", "h-3", "2025-02-12T12:00:00Z", null, null));
    assertEquals("us", view.actor("hegseth").orElseThrow().bloc(), "the deciding pair's statement no longer names one");
    assertEquals(List.of("hegseth"), slugs(ActorOrder.BLOC, null));

    view.applyPair("hegseth", "troops", spoken("hegseth", "troops", "h-4", "2025-02-12T13:00:00Z", null, "eu"));
    view.applyPair("hegseth", "troops", spoken("hegseth", "troops", "h-2", "2025-02-12T11:00:00Z", null, "eu"));
    assertEquals("eu", view.actor("hegseth").orElseThrow().bloc(), "h-4 retracted: h-2 is current again, still the latest");
    view.applyPair("hegseth", "nato", spoken("hegseth", "nato", "h-5", "2025-02-12T11:30:00Z", null, "nato"));
    assertEquals("nato", view.actor("hegseth").orElseThrow().bloc(), "a later statement on another pair");

    view.applyPair("hegseth", "nato", new PairSummary("hegseth", "nato", null, null, 0, 3));
    assertEquals("eu", view.actor("hegseth").orElseThrow().bloc(), "every statement of the deciding pair retracted");
    view.applyPair("hegseth", "troops", null);
    assertEquals(null, view.actor("hegseth").orElseThrow().bloc(), "the deciding pair forgotten");
    assertEquals(List.of("hegseth"), slugs(ActorOrder.BLOC, null), "once, at its new place");
  }

  @Test
  void anActorIsABlocWhileAnyOfItsCurrentStancesCameViaASpeaker() {
    view.applyPair("us", "nato", spoken("us", "nato", "h-1", "2025-02-12T10:00:00Z", "hegseth", null));
    view.applyPair("us", "troops", spoken("us", "troops", "h-2", "2025-02-12T11:00:00Z", "hegseth", null));
    view.applyPair("us", "troops", new PairSummary("us", "troops", null, null, 0, 2));
    assertEquals("us", view.actor("us").orElseThrow().bloc());

    view.applyPair("us", "nato", pair("us", "nato", "u-1", "2025-02-12T12:00:00Z"));
    assertEquals(null, view.actor("us").orElseThrow().bloc(), "now its own statement");
    view.applyPair("us", "troops", spoken("us", "troops", "h-2", "2025-02-12T11:00:00Z", "hegseth", null));
    view.applyPair("us", "ceasefire", spoken("us", "ceasefire", "u-2", "2025-02-12T09:00:00Z", null, "nato"));
    assertEquals("nato", view.actor("us").orElseThrow().bloc(), "speaking for another bloc wins over being one");
  }

  @Test
  void aNewNameOrKindMovesTheActorInEveryOrderByName() {
    view.applyIdentity("hegseth", new Identity("Pete Hegseth", ActorKind.PERSON));
    view.applyIdentity("giles", new Identity("Keir Giles", ActorKind.PERSON));
    view.applyPair("jonson", "nato", spoken("jonson", "nato", "j-1", "2025-02-12T10:00:00Z", null, "sweden"));
    view.applyIdentity("jonson", new Identity("Pal Jonson", ActorKind.PERSON));
    view.applyIdentity("zed", new Identity("Zed", null));
    assertEquals(List.of("giles", "jonson", "hegseth", "zed"), slugs(ActorOrder.NAME, null));
    ActorKey before = view.actor("hegseth").orElseThrow().key(ActorOrder.NAME);

    view.applyIdentity("hegseth", new Identity("Hegseth", ActorKind.GOVERNMENT));
    view.applyIdentity("jonson", new Identity("Aa Jonson", ActorKind.PERSON));
    assertEquals(List.of("jonson", "hegseth", "giles", "zed"), slugs(ActorOrder.NAME, null));
    assertEquals(List.of("hegseth", "jonson", "giles", "zed"), slugs(ActorOrder.KIND, null));
    assertEquals(List.of("jonson", "hegseth", "giles", "zed"), slugs(ActorOrder.BLOC, null));
    assertEquals(List.of("zed"), slugs(ActorOrder.NAME, before), "a page after its old place: it moved before that");

    view.applyIdentity("jonson", null);
    assertEquals(List.of("hegseth", "jonson", "giles", "zed"), slugs(ActorOrder.NAME, null), "no name: by its slug");
  }

  @Test
  void aForgottenActorLeavesEveryOrder() {
    view.applyPair("hegseth", "nato", spoken("hegseth", "nato", "h-1", "2025-02-12T10:00:00Z", null, "us"));
    view.applyIdentity("hegseth", new Identity("Pete Hegseth", ActorKind.PERSON));
    view.applyIdentity("hegseth", null);
    view.applyPair("hegseth", "nato", null);

    for (ActorOrder order : ActorOrder.values()) {
      assertEquals(List.of(), slugs(order, null), order.name());
    }
  }

  private List<String> slugs(ActorOrder order, ActorKey after) {
    return view.actorsAfter(order, after).map(p -> {
      assertSame(p.actor().key(order), p.key(), "listed at its own place");
      return p.actor().actor();
    }).toList();
  }

  private static PairSummary pair(String actor, String topic, String statementId, String at) {
    HistoryItem current = new HistoryItem(statementId, Stance.OPPOSE, 1.0, Instant.parse(at), "quote", null, null, null,
        false);
    // A separate copy of the id, as decoding gives.
    return new PairSummary(actor, topic, current, new HistoryKey(Instant.parse(at), new String(statementId)), 1, 1);
  }

  /** A pair whose current statement came via a speaker, or named the actor spoken for. */
  private static PairSummary spoken(String actor, String topic, String statementId, String at, String via,
      String onBehalfOf) {
    HistoryItem current = new HistoryItem(statementId, Stance.SUPPORT, 1.0, Instant.parse(at), null, null, via,
        onBehalfOf, false);
    return new PairSummary(actor, topic, current, current.key(), 1, 1);
  }
}
