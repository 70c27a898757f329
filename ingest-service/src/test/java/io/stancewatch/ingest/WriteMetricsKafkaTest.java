package io.stancewatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The write counters on {@code /prometheus}, read from the running service on the real broker:
 * what a good statement, a batch, a retraction and refused requests add to them.
 */
class WriteMetricsKafkaTest {

  private static final String ACCEPTED = "stancewatch_ingest_statements_accepted_total";
  private static final String RETRACTED = "stancewatch_ingest_retractions_accepted_total";
  private static final String GOOD = """
      {"actor": "pal-jonson", "topic": "ukraine-nato-membership", "stance": "SUPPORT", "occurredAt": "2025-02-13T10:00:00Z"}""";

  @Test
  void countsAcceptedStatementsAndRejectedRequestsByReason() throws Exception {
    Map<String, Double> before = counters();

    assertEquals(202, RunningIngestService.post("/statements", "application/json", GOOD).statusCode());
    assertEquals(202, RunningIngestService.post("/statements/batch", "application/json",
        "[" + GOOD + ", " + GOOD + ", " + GOOD + "]").statusCode());
    assertEquals(202, RunningIngestService.post("/retractions", "application/json",
        "{\"statementId\": \"m-1\", \"actor\": \"pal-jonson\", \"topic\": \"ukraine-nato-membership\"}").statusCode());
    assertEquals(400, RunningIngestService.post("/statements", "application/json", GOOD.replace("SUPPORT", "YES"))
        .statusCode());
    assertEquals(400, RunningIngestService.post("/statements/batch", "application/json", "[]").statusCode());
    assertEquals(415, RunningIngestService.post("/statements", "text/plain", GOOD).statusCode());
    assertEquals(401, RunningIngestService.post(RunningIngestService.uri(), "/retractions", null, "application/json",
        GOOD.getBytes(), false).statusCode());

    Map<String, Double> after = counters();
    assertEquals(4.0, after.get(ACCEPTED) - before.get(ACCEPTED), "one statement and a batch of three");
    assertEquals(1.0, after.get(RETRACTED) - before.get(RETRACTED));
    assertEquals(1.0, increase(before, after, "/statements", "validation"));
    assertEquals(1.0, increase(before, after, "/statements/batch", "validation"));
    assertEquals(1.0, increase(before, after, "/statements", "unsupported-media-type"));
    assertEquals(1.0, increase(before, after, "/retractions", "unauthorized"));
    for (String endpoint : List.of("/statements", "/statements/batch", "/retractions")) {
      for (String reason : List.of("too-large", "broker-unavailable", "other")) {
        assertEquals(0.0, increase(before, after, endpoint, reason), endpoint + " " + reason);
      }
    }
  }

  private static double increase(Map<String, Double> before, Map<String, Double> after, String endpoint, String reason) {
    String series = "stancewatch_ingest_requests_rejected_total{endpoint=\"" + endpoint + "\",reason=\"" + reason + "\"}";
    return after.get(series) - before.get(series);
  }

  /** Every {@code stancewatch_ingest_} sample of the Prometheus page, by series name and labels. */
  private static Map<String, Double> counters() throws Exception {
    HttpResponse<String> page = RunningIngestService.get("/prometheus");
    assertEquals(200, page.statusCode());
    Map<String, Double> samples = new HashMap<>();
    Arrays.stream(page.body().split("\n")).filter(line -> line.startsWith("stancewatch_ingest_")).forEach(line -> {
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    });
    return samples;
  }
}
