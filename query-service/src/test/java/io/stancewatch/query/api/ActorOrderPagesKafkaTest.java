package io.stancewatch.query.api;

import static io.stancewatch.query.api.LogEntries.retract;
import static io.stancewatch.query.api.LogEntries.said;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stancewatch.domain.AsOf;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.InMemoryState;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.domain.StoredActor.Identity;
import io.stancewatch.events.ActorKind;
import io.stancewatch.events.Stance;
import io.stancewatch.events.Statement;
import io.stancewatch.events.StatementEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /stances} and {@code /actors} in each {@code sort} (contract section 5), a page at a
 * time, over a log of about 3,000 statements: 240 actors with a stance on each of 12 topics,
 * most of them named (names that sort otherwise than their slugs, some equal ignoring case, some
 * with a line feed), some with a kind and no name, a third speaking on behalf of one of six
 * blocs, some of those later for another bloc or for themselves, some of that retracted. The
 * expected orders are sorted here from the pure fold of the same log, each actor's name, kind
 * and bloc read from scratch. Every slug holds the run id, so {@code actor=<run id>} selects this
 * class's actors on the shared service.
 */
class ActorOrderPagesKafkaTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final int ACTORS = 240;
  private static final int TOPICS = 12;
  private static final int BLOCS = 6;
  private static final List<String> SORTS = List.of("actor", "name", "kind", "bloc");
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  /** Past every first statement: when the speakers speak for their blocs, one a second. */
  private static final Instant LATER = Instant.parse("2025-06-01T00:00:00Z");
  private static final QueryApi API = new QueryApi(RunningQueryService.shared().getURI());
  private static StanceServiceOutputs outputs;

  /** What the expected orders read of an actor: its name and kind when known, and its bloc. */
  private record Known(String actor, String name, ActorKind kind, String bloc) {}

  @BeforeAll
  static void publish() {
    List<StatementEvent> log = new ArrayList<>();
    for (int a = 0; a < ACTORS; a++) {
      for (int t = 0; t < TOPICS; t++) {
        StatementEvent first = said(a + "-" + t, actor(a), topic(t), Stance.values()[(a + t) % 3],
            START.plusSeconds(60L * (a * TOPICS + t)).toString(), null);
        log.add(t == 0 ? identified(first, name(a), kind(a)) : first);
      }
      if (a % 3 == 0) {
        log.add(said(a + "-for", actor(a), topic(a % TOPICS), Stance.SUPPORT, LATER.plusSeconds(a).toString(),
            bloc(a / 3 % BLOCS)));
      }
      if (a % 6 == 0) {
        // Later, for the next bloc, on another topic: the latest statement naming a bloc decides.
        log.add(said(a + "-for-next", actor(a), topic((a + 1) % TOPICS), Stance.OPPOSE,
            LATER.plusSeconds(86_400L + a).toString(), bloc((a / 3 + 1) % BLOCS)));
      }
      if (a % 12 == 0) {
        log.add(retract(a + "-for-next", actor(a), topic((a + 1) % TOPICS)));
      }
      if (a % 9 == 0) {
        // For itself, on the topic it spoke for its first bloc on: that pair no longer names one.
        log.add(said(a + "-own", actor(a), topic(a % TOPICS), Stance.NEUTRAL, LATER.plusSeconds(2 * 86_400L + a).toString(),
            null));
      }
    }
    log.add(identified(said("bloc-0", bloc(0), topic(0), Stance.SUPPORT, START.minusSeconds(60).toString(), null),
        "Zeta Union", ActorKind.GOVERNMENT));
    log.add(identified(said("bloc-1", bloc(1), topic(0), Stance.SUPPORT, START.minusSeconds(60).toString(), null),
        "alpha league", ActorKind.ORGANIZATION));
    log.add(said("bloc-5-for-0", bloc(5), topic(1), Stance.OPPOSE, LATER.plusSeconds(3 * 86_400L).toString(), bloc(0)));
    // Spoke for a bloc and was retracted: neither it nor that bloc has a bloc.
    log.add(said("lone", actor(ACTORS), topic(2), Stance.SUPPORT, LATER.toString(), bloc(BLOCS)));
    log.add(retract("lone", actor(ACTORS), topic(2)));
    outputs = new StanceServiceOutputs();
    outputs.publish(log);
    RunningQueryService.awaitViewsHoldAllPublished(RunningQueryService.shared());
  }

  @AfterAll
  static void close() {
    outputs.close();
  }

  @Test
  void everySortPagesTheStancesInItsOrderThenByTopicWithoutGapsOrRepeats() throws Exception {
    for (String sort : SORTS) {
      List<String> expected = stances(sort, null, s -> true, text -> true);
      assertTrue(expected.size() > ACTORS * TOPICS, "the actors' and the blocs': " + expected.size());
      for (int limit : List.of(7, 100, 1000)) {
        assertEquals(expected, pages("/stances?actor=" + RUN + "&sort=" + sort, limit), sort + ", " + limit + " a page");
      }
    }
    assertEquals(stances("actor", null, s -> true, text -> true), pages("/stances?actor=" + RUN, 1000), "by slug by default");
    for (String sort : List.of("name", "kind", "bloc")) {
      assertNotEquals(order("actor"), order(sort), "the log tells " + sort + " from the slug order");
    }
  }

  @Test
  void filtersNarrowEverySortAlike() throws Exception {
    Instant beforeTheBlocs = LATER.minusSeconds(1);
    for (String sort : SORTS) {
      String path = "/stances?sort=" + sort;
      assertEquals(stances(sort, null, s -> s.topic().equals(topic(5)), text -> true),
          pages(path + "&actor=" + RUN + "&topic=" + topic(5), 9));
      assertEquals(stances(sort, null, s -> s.stance() == Stance.OPPOSE, text -> true),
          pages(path + "&actor=" + RUN + "&stance=OPPOSE", 61));
      assertEquals(stances(sort, null, s -> s.topic().equals(topic(3)) && s.stance() == Stance.SUPPORT, text -> true),
          pages(path + "&actor=" + RUN + "&topic=" + topic(3) + "&stance=SUPPORT", 4));
      // In this class's names only, in another case.
      Predicate<String> elan = text -> text.toLowerCase(Locale.ROOT).contains("élan 1");
      List<String> named = stances(sort, null, s -> true, elan);
      assertTrue(named.size() > 10 * TOPICS, named.toString());
      assertEquals(named, pages(path + "&actor=" + encode("ÉLAN 1"), 11));
      // The order is the actors' as they are now; the stances are those of then.
      assertEquals(stances(sort, beforeTheBlocs, s -> true, text -> true),
          pages(path + "&actor=" + RUN + "&asOf=" + beforeTheBlocs, 250));
    }
  }

  @Test
  void everySortPagesTheActorsWithTheirBlocs() throws Exception {
    for (String sort : SORTS) {
      List<String> expected = order(sort).stream().map(ActorOrderPagesKafkaTest::describe).toList();
      assertEquals(ACTORS + BLOCS + 2, expected.size(), "the actors, the blocs, the lone speaker");
      for (int limit : List.of(1, 13, 1000)) {
        assertEquals(expected, API.allPages("/actors?actor=" + RUN + "&sort=" + sort, "items", limit,
            a -> a.get("actor").asText() + " bloc=" + a.get("bloc").asText(null)), sort + ", " + limit + " a page");
      }
    }
    Map<String, String> blocs = new HashMap<>();
    order("actor").forEach(k -> blocs.put(k.actor(), k.bloc()));
    assertEquals(bloc(0), blocs.get(bloc(0)), "spoken for: a bloc");
    assertEquals(bloc(0), blocs.get(bloc(5)), "a bloc speaking for another is in that one");
    assertEquals(bloc(3), blocs.get(actor(6)), "the latest statement naming a bloc");
    assertEquals(bloc(4), blocs.get(actor(12)), "that one retracted: the one before");
    assertEquals(null, blocs.get(actor(9)), "the pair naming it now its own statement");
    assertEquals(null, blocs.get(actor(1)));
    assertEquals(null, blocs.get(actor(ACTORS)), "retracted");
    assertEquals(null, blocs.get(bloc(BLOCS)), "spoken for only in a retracted statement");
  }

  @Test
  void anActorRenamedBetweenPagesMovesAndThePagesStillEnd() throws Exception {
    // Actors and topics of this test only, which the other tests' filters do not select.
    String movers = "mover-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    List<StatementEvent> log = new ArrayList<>();
    for (int m = 0; m < 5; m++) {
      for (int t = 0; t < 2; t++) {
        StatementEvent said = said(movers + m + "-" + t, movers + m, movers + "topic-" + t, Stance.SUPPORT, START.toString(), null);
        log.add(t == 0 ? identified(said, "Mover " + m, ActorKind.PERSON) : said);
      }
    }
    outputs.publish(log);
    RunningQueryService.awaitViewsHoldAllPublished(RunningQueryService.shared());
    JsonNode actors = API.ok("/actors?actor=" + movers + "&sort=name&limit=2");
    assertEquals(List.of(movers + 0, movers + 1), QueryApi.texts(actors.get("items"), "actor"));
    JsonNode stances = API.ok("/stances?actor=" + movers + "&sort=name&limit=1");
    assertEquals(List.of(movers + "0/" + movers + "topic-0=SUPPORT"), describeStances(stances.get("stances")));

    outputs.publish(List.of(
        identified(said(movers + "0-last", movers + 0, movers + "topic-2", Stance.OPPOSE, LATER.toString(), null),
            "Zz mover", null),
        identified(said(movers + "3-first", movers + 3, movers + "topic-2", Stance.OPPOSE, LATER.toString(), null),
            "Aa mover", null)));
    RunningQueryService.awaitViewsHoldAllPublished(RunningQueryService.shared());

    assertEquals(List.of(movers + 2, movers + 4, movers + 0),
        rest("/actors?actor=" + movers + "&sort=name&limit=2", "items", actors, a -> a.get("actor").asText()),
        "after the page's last: the one renamed to sort last again, not the one renamed to sort first");
    List<String> moved = new ArrayList<>();
    for (int m : List.of(1, 2, 4, 0)) {
      for (int t = 0; t < (m == 0 ? 3 : 2); t++) {
        moved.add(movers + m + "/" + movers + "topic-" + t + "=" + (t == 2 ? "OPPOSE" : "SUPPORT"));
      }
    }
    assertEquals(moved, rest("/stances?actor=" + movers + "&sort=name&limit=1", "stances", stances,
        s -> describeStances(List.of(s)).get(0)), "the rest of the actor the page ended in, at its new place");
  }

  @Test
  void aSortThatIsNoneOrACursorOfAnotherSortIsAProblemNamingIt() throws Exception {
    for (String list : List.of("/stances", "/actors")) {
      API.assertProblem(list + "?sort=NAME", 400, "sort");
      API.assertProblem(list + "?sort=slug", 400, "sort");
      String byName = API.ok(list + "?actor=" + RUN + "&sort=name&limit=3").get("next").asText();
      API.assertProblem(list + "?sort=kind&cursor=" + byName, 400, "cursor");
      API.assertProblem(list + "?cursor=" + byName, 400, "cursor");
      String bySlug = API.ok(list + "?actor=" + RUN + "&limit=3").get("next").asText();
      API.assertProblem(list + "?sort=bloc&cursor=" + bySlug, 400, "cursor");
    }
    String actorsByName = API.ok("/actors?actor=" + RUN + "&sort=name&limit=3").get("next").asText();
    API.assertProblem("/stances?sort=name&cursor=" + actorsByName, 400, "cursor");
  }

  private static String actor(int a) {
    return RUN + "-actor-" + String.format("%04d", a);
  }

  private static String bloc(int b) {
    return RUN + "-bloc-" + b;
  }

  private static String topic(int t) {
    return "topic-" + String.format("%02d", t) + "-" + RUN;
  }

  /**
   * Names that sort otherwise than the slugs: none for every fifth actor; pairs equal but for
   * case; a capital with an accent; a line feed in a few; and repeats, ordered by slug.
   */
  private static String name(int a) {
    return switch (a % 5) {
      case 0 -> null;
      case 1 -> "Member " + (ACTORS - a);
      case 2 -> "member " + (ACTORS - a + 1);
      case 3 -> "Élan " + (a % 17);
      default -> a % 15 == 4 ? "Two\nlines " + a : "aa " + (a % 7);
    };
  }

  /** Kinds in turn, none for every ninth named actor; every tenth actor has a kind and no name. */
  private static ActorKind kind(int a) {
    if (name(a) == null) {
      return a % 10 == 0 ? ActorKind.GOVERNMENT : null;
    }
    return a % 9 == 0 ? null : ActorKind.values()[a % 4];
  }

  private static StatementEvent identified(StatementEvent statement, String name, ActorKind kind) {
    Statement s = (Statement) statement.getPayload();
    return new StatementEvent(Statement.newBuilder(s).setActorName(name).setActorKind(kind).build());
  }

  /** This class's actors as the fold holds them, in the order {@code sort} names, sorted here. */
  private static List<Known> order(String sort) {
    InMemoryState state = outputs.fold().state();
    Map<String, List<PairSummary>> pairs = new HashMap<>();
    state.summaries().forEach(p -> pairs.computeIfAbsent(p.actor(), a -> new ArrayList<>()).add(p));
    TreeSet<String> actors = new TreeSet<>(pairs.keySet());
    actors.addAll(state.identities().keySet());
    Map<String, Identity> identities = state.identities();
    return actors.stream().filter(a -> a.startsWith(RUN))
        .map(a -> {
          Identity identity = identities.getOrDefault(a, Identity.NONE);
          return new Known(a, identity.name(), identity.kind(), bloc(a, pairs.getOrDefault(a, List.of())));
        })
        .sorted(comparator(sort))
        .toList();
  }

  /**
   * The bloc as the contract defines it: what the latest current statement naming one names;
   * else the actor itself when a current stance came via a speaker; else none.
   */
  private static String bloc(String actor, List<PairSummary> pairs) {
    List<HistoryItem> current = pairs.stream().filter(PairSummary::hasCurrent).map(PairSummary::current).toList();
    return current.stream().filter(c -> c.onBehalfOf() != null)
        .max(Comparator.comparing(HistoryItem::occurredAt).thenComparing(HistoryItem::statementId))
        .map(HistoryItem::onBehalfOf)
        .orElse(current.stream().anyMatch(c -> c.via() != null) ? actor : null);
  }

  private static Comparator<Known> comparator(String sort) {
    Comparator<Known> byName = Comparator.comparing((Known k) -> (k.name() == null ? k.actor() : k.name()).toLowerCase(Locale.ROOT))
        .thenComparing(Known::actor);
    return switch (sort) {
      case "actor" -> Comparator.comparing(Known::actor);
      case "name" -> byName;
      case "kind" -> Comparator.comparing((Known k) -> k.kind() == null ? null : k.kind().name(),
          Comparator.nullsLast(Comparator.<String>naturalOrder())).thenComparing(byName);
      case "bloc" -> Comparator.comparing(Known::bloc, Comparator.nullsLast(Comparator.<String>naturalOrder()))
          .thenComparing((Known k) -> !k.actor().equals(k.bloc())).thenComparing(byName);
      default -> throw new IllegalArgumentException(sort);
    };
  }

  /**
   * This class's stances (as of {@code at}, now when null) that {@code only} keeps, of the actors
   * whose slug or name {@code actorText} accepts, in the actor order {@code sort} names, then by topic.
   */
  private static List<String> stances(String sort, Instant at, Predicate<StanceJson> only, Predicate<String> actorText) {
    InMemoryState state = outputs.fold().state();
    Map<String, Integer> place = new HashMap<>();
    Map<String, Known> known = new HashMap<>();
    for (Known k : order(sort)) {
      place.put(k.actor(), place.size());
      known.put(k.actor(), k);
    }
    return state.summaries().stream()
        .filter(s -> place.containsKey(s.actor()))
        .filter(s -> actorText.test(s.actor()) || known.get(s.actor()).name() != null && actorText.test(known.get(s.actor()).name()))
        .map(s -> at == null ? s : AsOf.stance(s, state.history(s.actor(), s.topic()), at))
        .filter(PairSummary::hasCurrent)
        .map(StanceJson::of)
        .filter(only)
        .sorted(Comparator.comparing((StanceJson s) -> place.get(s.actor())).thenComparing(StanceJson::topic))
        .map(s -> s.actor() + "/" + s.topic() + "=" + s.stance())
        .toList();
  }

  private static String describe(Known k) {
    return k.actor() + " bloc=" + k.bloc();
  }

  private static List<String> pages(String path, int limit) throws Exception {
    return API.allPages(path, "stances", limit, s -> describeStances(List.of(s)).get(0));
  }

  private static List<String> describeStances(Iterable<JsonNode> stances) {
    List<String> described = new ArrayList<>();
    stances.forEach(s -> described.add(s.get("actor").asText() + "/" + s.get("topic").asText() + "=" + s.get("stance").asText()));
    return described;
  }

  /** The items of the pages after {@code first}, repeats kept; fails rather than page on past a hundred pages. */
  private static List<String> rest(String path, String itemsField, JsonNode first, Function<JsonNode, String> describe)
      throws Exception {
    List<String> read = new ArrayList<>();
    JsonNode page = first;
    for (int pages = 0; !page.get("next").isNull(); pages++) {
      assertTrue(pages < 100, () -> path + " pages on: " + read);
      page = API.ok(path + "&cursor=" + page.get("next").asText());
      page.get(itemsField).forEach(item -> read.add(describe.apply(item)));
    }
    return read;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
