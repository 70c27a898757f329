package io.stancewatch.query.api;

import static io.stancewatch.query.api.LogEntries.named;
import static io.stancewatch.query.api.LogEntries.said;
import static io.stancewatch.query.api.QueryApi.find;
import static io.stancewatch.query.api.QueryApi.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Stance;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading actors, topics and changes over HTTP (contract section 5), and paging the lists. The
 * class starts a query-service of its own over a small log published before it, so every answer
 * also says that what was on the topics at the start was read before /health said UP. The
 * records are what stance-service would publish for the log, computed with the pure fold
 * ({@link StanceServiceOutputs}); no test writes to the log's actors or topics.
 */
class ActorAndTopicReadsKafkaTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String HEGSETH = "pete-hegseth-" + RUN;
  private static final String JONSON = "pal-jonson-" + RUN;
  private static final String US = "united-states-" + RUN;
  private static final String NATO = "ukraine-nato-membership-" + RUN;
  private static final String TROOPS = "us-troops-in-ukraine-" + RUN;
  private static StanceServiceOutputs outputs;
  private static EmbeddedServer server;
  private static QueryApi api;

  @BeforeAll
  static void start() {
    outputs = new StanceServiceOutputs();
    outputs.publish(List.of(
        named(said("h-1", HEGSETH, NATO, Stance.SUPPORT, "2024-11-01T10:00:00Z", null), "Pete Hegseth", ActorKind.PERSON),
        said("h-2", HEGSETH, NATO, Stance.OPPOSE, "2025-02-12T10:00:00Z", US),
        said("h-3", HEGSETH, TROOPS, Stance.OPPOSE, "2025-02-12T11:00:00Z", null),
        said("j-1", JONSON, NATO, Stance.SUPPORT, "2025-02-13T10:00:00Z", null)));
    server = RunningQueryService.start("stance-service-" + RUN);
    api = new QueryApi(server.getURI());
  }

  @AfterAll
  static void stop() {
    server.close();
    outputs.close();
  }

  @Test
  void actorStancesAndHistoryNewestFirst() throws Exception {
    JsonNode stances = api.ok("/actors/" + HEGSETH + "/stances");
    assertEquals("Pete Hegseth", stances.get("name").asText());
    assertEquals("PERSON", stances.get("kind").asText());
    assertEquals(List.of(NATO, TROOPS), texts(stances.get("stances"), "topic"));

    JsonNode nato = api.ok("/actors/" + HEGSETH + "/stances/" + NATO);
    assertEquals("OPPOSE", nato.get("stance").asText());
    assertEquals(-1.0, nato.get("position").asDouble());
    assertEquals("2025-02-12T10:00:00Z", nato.get("since").asText());
    assertEquals("h-2", nato.get("statementId").asText());
    assertEquals(2, nato.get("statements").asInt());
    assertTrue(nato.has("via") && nato.get("via").isNull(), "null fields are present: " + nato);
    assertEquals(List.of("h-2", "h-1"), texts(nato.get("history"), "statementId"));
    assertEquals("quote h-1", nato.get("history").get(1).get("quote").asText());
    assertTrue(nato.get("next").isNull(), "one page: " + nato);

    JsonNode before = api.ok("/actors/" + HEGSETH + "/stances/" + NATO + "?asOf=2025-01-01T00:00:00Z");
    assertEquals("SUPPORT", before.get("stance").asText());
    assertEquals(1, before.get("statements").asInt());
    assertEquals(List.of("h-1"), texts(before.get("history"), "statementId"));
  }

  @Test
  void blocStanceShowsTheSpeaker() throws Exception {
    JsonNode us = api.ok("/actors/" + US + "/stances/" + NATO);
    assertEquals("OPPOSE", us.get("stance").asText());
    assertEquals(HEGSETH, us.get("via").asText());
    assertEquals(HEGSETH, us.get("history").get(0).get("via").asText());
  }

  @Test
  void actorList() throws Exception {
    JsonNode hegseth = find(api.ok("/actors?actor=" + RUN + "&limit=1000").get("items"), "actor", HEGSETH);
    assertEquals("Pete Hegseth", hegseth.get("name").asText());
    assertEquals(List.of(NATO, TROOPS), texts(hegseth.get("topics"), null));
    assertEquals("2025-02-12T11:00:00Z", hegseth.get("lastStatementAt").asText());
    assertEquals(US, hegseth.get("bloc").asText(), "it spoke for the United States");
    JsonNode us = find(api.ok("/actors?actor=" + RUN + "&limit=1000").get("items"), "actor", US);
    assertTrue(us.get("name").isNull() && us.get("kind").isNull(), "an actor with no profile: " + us);
    assertEquals(US, us.get("bloc").asText(), "spoken for: a bloc");
  }

  @Test
  void actorListFilterFindsTextInTheSlugOrTheNameIgnoringCase() throws Exception {
    List<String> byName = texts(api.ok("/actors?actor=PETE%20HEGSETH&limit=1000").get("items"), "actor");
    assertTrue(byName.contains(HEGSETH) && !byName.contains(JONSON) && !byName.contains(US), "by name: " + byName);
    assertEquals(List.of(JONSON, HEGSETH, US), texts(api.ok("/actors?actor=" + RUN).get("items"), "actor"), "by slug");
    assertEquals(List.of(), texts(api.ok("/actors?actor=no-such-" + RUN).get("items"), "actor"));
  }

  @Test
  void topicStancesSummaryAndFilter() throws Exception {
    JsonNode nato = api.ok("/topics/" + NATO + "/stances");
    assertEquals(List.of(JONSON, HEGSETH, US).stream().sorted().toList(), texts(nato.get("stances"), "actor"));
    assertEquals(1, nato.get("summary").get("SUPPORT").asInt());
    assertEquals(2, nato.get("summary").get("OPPOSE").asInt());
    assertEquals(0, nato.get("summary").get("NEUTRAL").asInt());
    assertEquals(List.of(JONSON), texts(api.ok("/topics/" + NATO + "/stances?stance=SUPPORT").get("stances"), "actor"));

    JsonNode listed = find(api.ok("/topics?limit=1000").get("items"), "topic", NATO);
    assertEquals(2, listed.get("OPPOSE").asInt());
    assertEquals(1, listed.get("SUPPORT").asInt());
  }

  @Test
  void changesNewestFirstWithFilters() throws Exception {
    List<String> hegseth = new ArrayList<>();
    api.ok("/changes?actor=" + HEGSETH + "&limit=1000").get("items")
        .forEach(c -> hegseth.add(c.get("topic").asText() + ":" + c.get("previousStance").asText(null) + "->"
            + c.get("newStance").asText() + "#" + c.get("sequence").asInt()));
    assertEquals(List.of(TROOPS + ":null->OPPOSE#1", NATO + ":SUPPORT->OPPOSE#2", NATO + ":null->SUPPORT#1"), hegseth);
    assertEquals(1, api.ok("/changes?actor=" + HEGSETH + "&topic=" + TROOPS).get("items").size());
    assertEquals(1, api.ok("/changes?actor=" + HEGSETH + "&limit=1").get("items").size());
  }

  @Test
  void unknownNamesAndBadParametersAreProblems() throws Exception {
    api.assertProblem("/actors/nobody-" + RUN + "/stances", 404, null);
    api.assertProblem("/actors/nobody-" + RUN + "/stances/" + NATO, 404, null);
    api.assertProblem("/actors/" + HEGSETH + "/stances/no-topic-" + RUN, 404, null);
    api.assertProblem("/actors/" + HEGSETH + "/stances/" + NATO + "?asOf=2020-01-01T00:00:00Z", 404, null);
    api.assertProblem("/topics/no-topic-" + RUN + "/stances", 404, null);
    api.assertProblem(QueryApi.NO_SUCH_ROUTE, 404, null);
    api.assertProblem("/changes?limit=5000", 400, "limit");
    api.assertProblem("/changes?limit=0", 400, "limit");
    api.assertProblem("/actors/" + HEGSETH + "/stances/" + NATO + "?asOf=yesterday", 400, "asOf");
    api.assertProblem("/actors/" + HEGSETH + "/stances/" + NATO + "?limit=0", 400, "limit");
    api.assertProblem("/topics/" + NATO + "/stances?stance=MAYBE", 400, "stance");
  }

  @Test
  void listsComeInPagesThatFollowEachOtherWithoutGapsOrRepeats() throws Exception {
    String pager = "pager-" + RUN;
    for (String topic : List.of("page-a-", "page-b-", "page-c-")) {
      outputs.publish(List.of(said(topic + "1", pager, topic + RUN, Stance.SUPPORT, "2025-04-01T00:00:00Z", null)));
    }
    // The lists hold every test's actors and topics: read them whole only once they stop growing.
    RunningQueryService.awaitViewsHoldAllPublished(server);

    // This class's actors and the pager's changes, as other classes publish thousands of each; every
    // class's topics, a few dozen.
    for (String list : List.of("/actors?actor=" + RUN + "&", "/topics?", "/changes?actor=" + pager + "&")) {
      List<String> whole = texts(api.ok(list + "limit=1000").get("items"), null);
      assertTrue(whole.size() < 1000, list + " read whole");
      Set<String> paged = new LinkedHashSet<>();
      String next = null;
      do {
        JsonNode page = api.ok(list + "limit=2" + (next == null ? "" : "&cursor=" + next));
        assertTrue(page.get("items").size() <= 2, page.toString());
        // Fails at the first item read twice rather than page on forever.
        texts(page.get("items"), null).forEach(item -> assertTrue(paged.add(item), list + " again: " + item));
        next = page.get("next").isNull() ? null : page.get("next").asText();
      } while (next != null);
      assertEquals(whole, List.copyOf(paged), list);
      assertTrue(whole.size() > 2, list + " has more than one page: " + whole);
    }
    api.assertProblem("/actors?cursor=%21%21", 400, "cursor");
    api.assertProblem("/changes?cursor=" + PageCursor.encode("x"), 400, "cursor");
  }
}
