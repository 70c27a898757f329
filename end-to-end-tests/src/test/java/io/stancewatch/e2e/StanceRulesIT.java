package io.stancewatch.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.launcher.Launcher;
import io.stancewatch.schemas.Topics;
import io.stancewatch.testing.TopicReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contract section 4 through the running system: a bloc spoken for, a reversal, a late older
 * statement, a tie on occurredAt, a duplicate and two retractions, posted over HTTP to
 * {@code ./stancewatch up}; every current stance, {@code since}, {@code via},
 * {@code statements}, the history and the published changes are checked.
 */
class StanceRulesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TROOPS = "us-troops-in-ukraine";

  @Test
  void everyRuleOfSectionFourHoldsEndToEnd() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "e2e-rules").toAbsolutePath();
    try (StancewatchUp up = StancewatchUp.start(dataDir, false, Launcher.freePorts(4))) {
      post(up, "/statements/batch", "[" + kellogg("k1", "OPPOSE", "2025-02-10T10:00:00Z") + ", "
          + kellogg("k2", "SUPPORT", "2025-02-12T10:00:00Z") + "]");
      post(up, "/statements", kellogg("k0", "NEUTRAL", "2025-01-01T10:00:00Z"));
      post(up, "/statements", giles("giles-b", "SUPPORT"));
      post(up, "/statements", giles("giles-a", "OPPOSE"));
      post(up, "/statements", kellogg("k2", "NEUTRAL", "2025-03-01T10:00:00Z"));
      post(up, "/retractions", retraction("no-such-statement", "keith-kellogg", TROOPS));
      String kelloggRetracted = post(up, "/retractions", retraction("k2", "keith-kellogg", TROOPS));
      String gilesRetracted = post(up, "/retractions", retraction("giles-b", "keir-giles", "ceasefire"));

      // Read-your-writes, with no other wait: each read carries the token of the last write it
      // must see, the bloc's read the token of a retraction that reaches it through the relay.
      assertEquals("giles-a", get(up, "/actors/keir-giles/stances/ceasefire?consistencyToken=" + gilesRetracted)
          .get("statementId").asText());
      assertEquals("k1", get(up, "/actors/united-states/stances/" + TROOPS + "?consistencyToken=" + kelloggRetracted)
          .get("statementId").asText());

      JsonNode kellogg = get(up, "/actors/keith-kellogg/stances/" + TROOPS);
      assertStance(kellogg, "OPPOSE", "k1", "2025-02-10T10:00:00Z", null, 2);
      assertEquals(List.of("k2:true", "k1:false", "k0:false"), history(kellogg),
          "newest first: the retracted k2 stays, marked; the duplicate k2 was ignored; the late k0 sits in history");
      assertTrue(kellogg.get("next").isNull(), "one page holds the pair's whole history");
      assertStance(get(up, "/actors/united-states/stances/" + TROOPS), "OPPOSE", "k1", "2025-02-10T10:00:00Z",
          "keith-kellogg", 2);
      assertStance(get(up, "/actors/keir-giles/stances/ceasefire"), "OPPOSE", "giles-a", "2025-02-13T12:00:00Z",
          null, 1);
      assertEquals("NEUTRAL", get(up, "/actors/keith-kellogg/stances/" + TROOPS + "?asOf=2025-01-15T00:00:00Z")
          .get("stance").asText());

      List<String> expected = List.of(
          "keir-giles/ceasefire#1 null->SUPPORT giles-b STATEMENT via null",
          "keir-giles/ceasefire#2 SUPPORT->OPPOSE giles-b RETRACTION via null",
          "keith-kellogg/us-troops-in-ukraine#1 null->OPPOSE k1 STATEMENT via null",
          "keith-kellogg/us-troops-in-ukraine#2 OPPOSE->SUPPORT k2 STATEMENT via null",
          "keith-kellogg/us-troops-in-ukraine#3 SUPPORT->OPPOSE k2 RETRACTION via null",
          "united-states/us-troops-in-ukraine#1 null->OPPOSE k1 STATEMENT via keith-kellogg",
          "united-states/us-troops-in-ukraine#2 OPPOSE->SUPPORT k2 STATEMENT via keith-kellogg",
          "united-states/us-troops-in-ukraine#3 SUPPORT->OPPOSE k2 RETRACTION via keith-kellogg");
      List<String> published = new ArrayList<>(TopicReader.readAll(up.bootstrapServers(), Topics.STANCE_CHANGES,
          Duration.ofSeconds(30)).stream().map(r -> describe(r.value())).toList());
      published.sort(null);
      assertEquals(expected, published, "each change once, on the topic, read_committed");

      List<String> served = new ArrayList<>();
      get(up, "/changes?actor=keith-kellogg&topic=" + TROOPS + "&consistencyToken=" + kelloggRetracted).get("items")
          .forEach(c -> served.add(c.get("sequence").asText()));
      assertEquals(List.of("3", "2", "1"), served, "the query API serves them newest first");
      up.stop(Duration.ofSeconds(90));
    }
  }

  private static String kellogg(String id, String stance, String at) {
    return """
        {"statementId": "%s", "actor": "keith-kellogg", "actorName": "Keith Kellogg", "onBehalfOf": "united-states",
         "topic": "%s", "stance": "%s", "occurredAt": "%s"}""".formatted(id, TROOPS, stance, at);
  }

  private static String giles(String id, String stance) {
    return """
        {"statementId": "%s", "actor": "keir-giles", "topic": "ceasefire", "stance": "%s",
         "occurredAt": "2025-02-13T12:00:00Z"}""".formatted(id, stance);
  }

  private static String retraction(String id, String actor, String topic) {
    return """
        {"statementId": "%s", "actor": "%s", "topic": "%s", "reason": "recorded in error"}""".formatted(id, actor, topic);
  }

  private static void assertStance(JsonNode stance, String label, String id, String since, String via, int statements) {
    assertEquals(label, stance.get("stance").asText(), stance.toString());
    assertEquals(id, stance.get("statementId").asText(), stance.toString());
    assertEquals(since, stance.get("since").asText(), stance.toString());
    assertEquals(via, stance.get("via").isNull() ? null : stance.get("via").asText(), stance.toString());
    assertEquals(statements, stance.get("statements").asInt(), stance.toString());
  }

  private static List<String> history(JsonNode stance) {
    List<String> history = new ArrayList<>();
    stance.get("history").forEach(h -> history.add(h.get("statementId").asText() + ":" + h.get("retracted").asBoolean()));
    return history;
  }

  private static String describe(StanceChanged c) {
    return c.getActor() + "/" + c.getTopic() + "#" + c.getSequence() + " " + c.getPreviousStance() + "->"
        + c.getNewStance() + " " + c.getCauseStatementId() + " " + c.getCause() + " via " + c.getVia();
  }

  /** Posts with the ingest token; the answer's consistencyToken. */
  private static String post(StancewatchUp up, String path, String body) throws Exception {
    HttpResponse<String> r = DocumentedAnswers.send(HttpRequest.newBuilder(URI.create(up.ingestUrl() + path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + StancewatchUp.TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    assertEquals(202, r.statusCode(), path + " " + body + " -> " + r.body());
    return JSON.readTree(r.body()).get("consistencyToken").asText();
  }

  private static JsonNode get(StancewatchUp up, String path) throws Exception {
    HttpResponse<String> r = DocumentedAnswers.send(HttpRequest.newBuilder(URI.create(up.queryUrl() + path)).build());
    assertEquals(200, r.statusCode(), path + " -> " + r.body());
    return JSON.readTree(r.body());
  }
}
