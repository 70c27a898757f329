package io.stancewatch.query.api;

import static io.stancewatch.query.api.LogEntries.named;
import static io.stancewatch.query.api.LogEntries.retract;
import static io.stancewatch.query.api.LogEntries.said;
import static io.stancewatch.query.api.QueryApi.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stancewatch.domain.AsOf;
import io.stancewatch.domain.InMemoryState;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StatementEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole-picture reads, {@code /stances} and {@code /topics/{topic}/stances}, a page at a
 * time and filtered on the server (contract section 5), over a log of 13,520 statements: 520
 * actors with a stance on each of 25 topics, each actor later turning one, and one retracted. The
 * expected answers come from the pure fold of the same log. Every actor and topic slug holds
 * the run id, so {@code actor=<run id>} selects this class's actors on the shared service.
 */
class StancePagesKafkaTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final int ACTORS = 520;
  private static final int TOPICS = 25;
  /** When the first statements were said: one a minute from here, actor after actor (about nine days). */
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  /** Past every first statement, before every second one: the later statements all turn the label. */
  private static final Instant LATER = Instant.parse("2025-06-01T00:00:00Z");
  /** A name no slug holds, in every tenth actor's name: what a filter on names finds. */
  private static final String NAME_MARK = "Quillfeather-" + RUN;
  private static final QueryApi API = new QueryApi(RunningQueryService.shared().getURI());
  private static StanceServiceOutputs outputs;

  @BeforeAll
  static void publish() {
    List<StatementEvent> log = new ArrayList<>();
    for (int a = 0; a < ACTORS; a++) {
      for (int t = 0; t < TOPICS; t++) {
        StatementEvent first = said(a + "-" + t, actor(a), topic(t), Stance.values()[(a + t) % 3],
            START.plusSeconds(60L * (a * TOPICS + t)).toString(), null);
        log.add(t == 0 && a % 10 == 0 ? named(first, "Member " + a + " " + NAME_MARK, ActorKind.PERSON) : first);
      }
      log.add(said(a + "-later", actor(a), topic(a % TOPICS), Stance.values()[(a + a % TOPICS + 1) % 3],
          LATER.plusSeconds(a).toString(), null));
    }
    log.add(retract("3-4", actor(3), topic(4)));
    outputs = new StanceServiceOutputs();
    outputs.publish(log);
    RunningQueryService.awaitViewsHoldAllPublished(RunningQueryService.shared());
  }

  @AfterAll
  static void close() {
    outputs.close();
  }

  @Test
  void pagesFollowEachOtherInActorThenTopicOrderWithoutGapsOrRepeats() throws Exception {
    List<String> expected = expected(null, s -> true);
    assertEquals(ACTORS * TOPICS - 1, expected.size(), "the retracted pair has no stance");
    assertEquals(expected, pages("/stances?actor=" + RUN, 1000));
    assertEquals(expected(null, s -> s.actor().startsWith(RUN + "-actor-000")), pages("/stances?actor=" + RUN + "-actor-000", 7));

    JsonNode first = API.ok("/stances?actor=" + RUN);
    assertEquals(expected.subList(0, 100), describe(first.get("stances")), "100 by default");
    assertTrue(first.hasNonNull("next"), first.get("next").toString());
  }

  @Test
  void theActorFilterFindsTextInTheSlugOrTheNameIgnoringCase() throws Exception {
    assertEquals(expected(null, s -> s.actor().startsWith(actor(12))),
        pages("/stances?actor=" + actor(12).toUpperCase(Locale.ROOT), 10));
    List<String> named = expected(null, s -> Integer.parseInt(s.actor().substring(s.actor().length() - 4)) % 10 == 0);
    assertEquals(ACTORS / 10 * TOPICS, named.size());
    assertEquals(named, pages("/stances?actor=" + NAME_MARK.toLowerCase(Locale.ROOT), 1000));
  }

  @Test
  void topicAndLabelFiltersAndTheirCombinations() throws Exception {
    assertEquals(expected(null, s -> s.topic().equals(topic(7))), pages("/stances?actor=" + RUN + "&topic=" + topic(7), 1000));
    List<String> opposed = expected(null, s -> s.stance() == Stance.OPPOSE);
    assertTrue(opposed.size() > 4000, "a third of the stances: " + opposed.size());
    assertEquals(opposed, pages("/stances?actor=" + RUN + "&stance=OPPOSE", 1000));
    List<String> neutralOnOneTopic = expected(null, s -> s.topic().equals(topic(2)) && s.stance() == Stance.NEUTRAL);
    assertTrue(neutralOnOneTopic.size() > 100, neutralOnOneTopic.toString());
    assertEquals(neutralOnOneTopic, pages("/stances?actor=" + RUN + "&topic=" + topic(2) + "&stance=NEUTRAL", 30));
    assertEquals(List.of(actor(2) + "/" + topic(2) + "=NEUTRAL"),
        pages("/stances?actor=" + actor(2) + "&topic=" + topic(2) + "&stance=NEUTRAL", 3), "changed later, to NEUTRAL");
    assertEquals(List.of(), pages("/stances?actor=" + RUN + "&topic=" + topic(3).substring(1), 10),
        "the topic is a slug, not a part of one");
  }

  @Test
  void asOfPagesTheStancesOfThatInstant() throws Exception {
    // Halfway through the first statements: half the pairs had no stance yet, and none had changed.
    Instant t = START.plusSeconds(60L * ACTORS * TOPICS / 2);
    List<String> then = expected(t, s -> true);
    assertEquals(ACTORS * TOPICS / 2, then.size(), "said at or before t, but the retracted one");
    JsonNode page = API.ok("/stances?asOf=" + t + "&actor=" + RUN + "&limit=1");
    assertEquals(t.toString(), page.get("asOf").asText());
    assertEquals(then, pages("/stances?asOf=" + t + "&actor=" + RUN, 333));

    Instant beforeTheChanges = LATER.minusSeconds(1);
    List<String> supportedThen = expected(beforeTheChanges, s -> s.stance() == Stance.SUPPORT);
    assertEquals(supportedThen, pages("/stances?asOf=" + beforeTheChanges + "&actor=" + RUN + "&stance=SUPPORT", 1000));
    assertTrue(!supportedThen.equals(expected(null, s -> s.stance() == Stance.SUPPORT)), "the later statements changed labels");
  }

  @Test
  void topicStancesComeInPagesByActorAndTheSummaryCountsThemAll() throws Exception {
    String path = "/topics/" + topic(0) + "/stances";
    List<String> onTopic = expected(null, s -> s.topic().equals(topic(0)));
    assertEquals(ACTORS, onTopic.size());
    assertEquals(onTopic, topicPages(path + "?limit=7"));
    assertEquals(onTopic.subList(0, 100), describe(API.ok(path).get("stances")), "100 by default");

    JsonNode filtered = API.ok(path + "?actor=" + NAME_MARK + "&stance=OPPOSE");
    assertEquals(expected(null, s -> s.topic().equals(topic(0)) && s.stance() == Stance.OPPOSE
        && Integer.parseInt(s.actor().substring(s.actor().length() - 4)) % 10 == 0), describe(filtered.get("stances")));
    for (Stance label : Stance.values()) {
      assertEquals(onTopic.stream().filter(s -> s.endsWith("=" + label)).count(), filtered.get("summary").get(label.name()).asLong(),
          "the summary counts every stance on the topic: " + label);
    }
    JsonNode none = API.ok(path + "?actor=nobody-" + RUN);
    assertEquals(0, none.get("stances").size());
    assertEquals(ACTORS, none.get("summary").get("SUPPORT").asLong() + none.get("summary").get("OPPOSE").asLong()
        + none.get("summary").get("NEUTRAL").asLong());
    assertTrue(none.get("next").isNull());
  }

  @Test
  void nothingMatchingIsAnEmptyLastPage() throws Exception {
    JsonNode none = API.ok("/stances?actor=nobody-" + RUN);
    assertEquals(0, none.get("stances").size());
    assertTrue(none.get("next").isNull(), none.toString());
    assertEquals(0, API.ok("/stances?actor=" + RUN + "&topic=no-topic-" + RUN).get("stances").size());
  }

  @Test
  void badParametersAreProblemsNamingThem() throws Exception {
    for (String path : List.of("/stances?", "/topics/" + topic(0) + "/stances?")) {
      API.assertProblem(path + "limit=0", 400, "limit");
      API.assertProblem(path + "limit=1001", 400, "limit");
      API.assertProblem(path + "limit=ten", 400, "limit");
      API.assertProblem(path + "cursor=%21%21", 400, "cursor");
      API.assertProblem(path + "stance=MAYBE", 400, "stance");
    }
    API.assertProblem("/stances?cursor=" + PageCursor.encode(actor(0)), 400, "cursor");
    API.assertProblem("/topics/" + topic(0) + "/stances?cursor=" + PageCursor.encode(actor(0), topic(0)), 400, "cursor");
  }

  private static String actor(int a) {
    return RUN + "-actor-" + String.format("%04d", a);
  }

  private static String topic(int t) {
    return "topic-" + String.format("%02d", t) + "-" + RUN;
  }

  /** This class's stances (as of {@code at}, now when null) that {@code only} keeps, sorted by actor then topic. */
  private static List<String> expected(Instant at, Predicate<StanceJson> only) {
    InMemoryState state = outputs.fold().state();
    return state.summaries().stream()
        .filter(s -> s.actor().startsWith(RUN))
        .map(s -> at == null ? s : AsOf.stance(s, state.history(s.actor(), s.topic()), at))
        .filter(PairSummary::hasCurrent)
        .map(StanceJson::of)
        .filter(only)
        .sorted(Comparator.comparing(StanceJson::actor).thenComparing(StanceJson::topic))
        .map(s -> s.actor() + "/" + s.topic() + "=" + s.stance())
        .toList();
  }

  private static List<String> describe(JsonNode stances) {
    List<String> described = new ArrayList<>();
    stances.forEach(s -> described.add(s.get("actor").asText() + "/" + s.get("topic").asText() + "="
        + s.get("stance").asText()));
    return described;
  }

  /** Every stance of {@code /stances} pages of {@code limit}; fails at the first read twice rather than page on forever. */
  private static List<String> pages(String path, int limit) throws Exception {
    return follow(path + "&limit=" + limit, limit);
  }

  private static List<String> topicPages(String path) throws Exception {
    return follow(path, Integer.parseInt(path.substring(path.indexOf("limit=") + 6)));
  }

  private static List<String> follow(String path, int limit) throws Exception {
    Set<String> read = new LinkedHashSet<>();
    String next = null;
    do {
      JsonNode page = API.ok(path + (next == null ? "" : "&cursor=" + next));
      assertTrue(page.get("stances").size() <= limit, page.toString());
      describe(page.get("stances")).forEach(s -> assertTrue(read.add(s), "read again: " + s));
      next = page.get("next").isNull() ? null : page.get("next").asText();
    } while (next != null);
    return List.copyOf(read);
  }
}
