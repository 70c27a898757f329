package io.stancewatch.query.api;

import static io.stancewatch.query.api.LogEntries.retract;
import static io.stancewatch.query.api.LogEntries.said;
import static io.stancewatch.query.api.QueryApi.texts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.stancewatch.domain.AsOf;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StatementEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stances as of an instant, and a pair's history over HTTP: paged newest first, ended by
 * {@code asOf}, with retractions and late statements. Each test publishes its own log, on
 * actors and topics of its own, to the shared query-service.
 */
class AsOfAndHistoryKafkaTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private final QueryApi api = new QueryApi(RunningQueryService.shared().getURI());
  private StanceServiceOutputs outputs;

  @BeforeEach
  void openOutputs() {
    outputs = new StanceServiceOutputs();
  }

  @AfterEach
  void closeOutputs() {
    outputs.close();
  }

  @Test
  void stancesAsOfAnInstant() throws Exception {
    String hegseth = "pete-hegseth-" + RUN;
    String us = "united-states-" + RUN;
    String nato = "ukraine-nato-membership-" + RUN;
    String troops = "us-troops-in-ukraine-" + RUN;
    publish(List.of(
        said("h-1", hegseth, nato, Stance.SUPPORT, "2024-11-01T10:00:00Z", null),
        said("h-2", hegseth, nato, Stance.OPPOSE, "2025-02-12T10:00:00Z", us),
        said("h-3", hegseth, troops, Stance.OPPOSE, "2025-02-12T11:00:00Z", null),
        said("j-1", "pal-jonson-" + RUN, nato, Stance.SUPPORT, "2025-02-13T10:00:00Z", null)));

    JsonNode asOf = api.ok("/stances?asOf=" + URLEncoder.encode("2025-02-12T10:30:00+00:00", StandardCharsets.UTF_8)
        + "&actor=" + RUN + "&limit=1000");
    assertEquals("2025-02-12T10:30:00Z", asOf.get("asOf").asText());
    List<String> pairs = new ArrayList<>();
    asOf.get("stances").forEach(s -> {
      if (Set.of(nato, troops).contains(s.get("topic").asText())) {
        pairs.add(s.get("actor").asText() + "/" + s.get("topic").asText() + "=" + s.get("stance").asText());
      }
    });
    assertEquals(List.of(hegseth + "/" + nato + "=OPPOSE", us + "/" + nato + "=OPPOSE"), pairs);
  }

  @Test
  void aRetractionAndALateOlderStatementBecomeVisible() throws Exception {
    String actor = "retractor-" + RUN;
    String topic = "ceasefire-" + RUN;
    outputs.publish(List.of(said("r-1", actor, topic, Stance.OPPOSE, "2025-02-13T10:00:00Z", null)));
    publish(List.of(retract("r-1", actor, topic), said("r-0", actor, topic, Stance.SUPPORT, "2025-01-01T00:00:00Z", null)));

    JsonNode pair = api.ok("/actors/" + actor + "/stances/" + topic);
    assertEquals("r-0", pair.get("statementId").asText());
    assertEquals(1, pair.get("statements").asInt());
    List<String> history = new ArrayList<>();
    pair.get("history").forEach(h -> history.add(h.get("statementId").asText() + ":" + h.get("retracted").asBoolean()));
    assertEquals(List.of("r-1:true", "r-0:false"), history);
  }

  @Test
  void historyComesInPagesNewestFirstAndAsOfEndsIt() throws Exception {
    String actor = "talker-" + RUN;
    String topic = "talks-" + RUN;
    List<StatementEvent> log = new ArrayList<>();
    Instant start = Instant.parse("2020-01-01T00:00:00Z");
    for (int i = 0; i < 3000; i++) {
      // Two statements an hour: the same date for both, so pages also split on statement ids.
      log.add(said(String.format("t-%04d", i), actor, topic, i % 700 < 350 ? Stance.SUPPORT : Stance.OPPOSE,
          start.plusSeconds(3600L * (i / 2)).toString(), null));
    }
    log.add(retract("t-2999", actor, topic));
    publish(log);
    String path = "/actors/" + actor + "/stances/" + topic;
    List<HistoryItem> newestFirst = new ArrayList<>(outputs.fold().state().historyOf(actor, topic));
    Collections.reverse(newestFirst);
    List<String> expected = newestFirst.stream().map(HistoryItem::statementId).toList();

    JsonNode first = api.ok(path);
    assertEquals("t-2998", first.get("statementId").asText());
    assertEquals(expected.subList(0, 100), texts(first.get("history"), "statementId"), "100 by default");
    assertEquals(expected, pages(path, 1000), "pages follow each other without gaps or repeats");
    assertEquals(expected, pages(path, 7));

    Instant t = start.plusSeconds(3600L * 700 + 1800);
    PairSummary then = AsOf.stance(outputs.fold().state().actor(actor).summary(topic),
        outputs.fold().state().history(actor, topic), t);
    JsonNode asOf = api.ok(path + "?asOf=" + t + "&limit=10");
    assertEquals(then.current().statementId(), asOf.get("statementId").asText());
    assertEquals("t-1401", asOf.get("statementId").asText());
    assertEquals(then.since().toString(), asOf.get("since").asText());
    assertEquals(then.statements(), asOf.get("statements").asInt());
    List<String> saidByThen = newestFirst.stream().filter(h -> !h.occurredAt().isAfter(t)).map(HistoryItem::statementId)
        .toList();
    assertEquals(saidByThen.subList(0, 10), texts(asOf.get("history"), "statementId"));
    assertEquals(saidByThen, pages(path + "?asOf=" + t, 1000));

    api.assertProblem(path + "?limit=1001", 400, "limit");
    api.assertProblem(path + "?cursor=" + PageCursor.encode("not a key"), 400, "cursor");
    api.assertProblem(path + "?cursor=%21%21", 400, "cursor");
  }

  @Test
  void anUnreadableAsOfIsAProblemNamingItOnEveryResourceThatTakesIt() throws Exception {
    for (String resource : List.of("/stances", "/actors/nobody-" + RUN + "/stances/nothing-" + RUN)) {
      for (String asOf : List.of("not-a-date", "2025-02-12", "2025-02-12T10:00:00", "")) {
        api.assertProblem(resource + "?asOf=" + asOf, 400, "asOf");
      }
    }
  }

  /** Publishes what stance-service would for these entries, and returns once the views hold it. */
  private void publish(List<StatementEvent> entries) {
    outputs.publish(entries);
    RunningQueryService.awaitViewsHoldAllPublished(RunningQueryService.shared());
  }

  /**
   * Every statement id of the pair's history, following {@code next} with pages of {@code limit};
   * fails at the first id read twice rather than page on forever.
   */
  private List<String> pages(String path, int limit) throws Exception {
    Set<String> ids = new LinkedHashSet<>();
    String next = null;
    String separator = path.contains("?") ? "&" : "?";
    do {
      JsonNode page = api.ok(path + separator + "limit=" + limit + (next == null ? "" : "&cursor=" + next));
      assertTrue(page.get("history").size() <= limit, page.toString());
      texts(page.get("history"), "statementId").forEach(id -> assertTrue(ids.add(id), "read again: " + id));
      next = page.get("next").isNull() ? null : page.get("next").asText();
    } while (next != null);
    return List.copyOf(ids);
  }
}
