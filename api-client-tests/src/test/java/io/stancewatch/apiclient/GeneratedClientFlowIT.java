package io.stancewatch.apiclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.stancewatch.client.ingest.IngestApi;
import io.stancewatch.client.ingest.model.ActorKind;
import io.stancewatch.client.ingest.model.Problem;
import io.stancewatch.client.ingest.model.RetractionRequest;
import io.stancewatch.client.ingest.model.StatementRequest;
import io.stancewatch.client.ingest.model.Violation;
import io.stancewatch.client.query.QueryApi;
import io.stancewatch.client.query.QueryApi.APIActorTopicStanceRequest;
import io.stancewatch.client.query.QueryApi.APILatestChangesRequest;
import io.stancewatch.client.query.QueryApi.APITopicStancesRequest;
import io.stancewatch.client.query.model.ChangeCause;
import io.stancewatch.client.query.model.Stance;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's flow, run with the Java clients openapi-generator made at build time from the
 * services' published OpenAPI documents, and no other HTTP: where a document leaves out or
 * mistypes an operation, parameter or field, a user's generated client breaks, and so does this
 * test. (The client's Jackson reads null into any field, so it does not check nullability.)
 * Every read passes the consistency token of the write it checks, so it sees that write without
 * polling. Each test writes its own actors and topics and needs no order.
 */
class GeneratedClientFlowIT {

  private static final String INGEST_TOKEN = "api-client-test-token";

  private static Stack stack;
  private static io.stancewatch.client.ingest.invoker.ApiClient ingestClient;
  private static IngestApi ingest;
  private static QueryApi query;

  @BeforeAll
  static void startStack() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "api-client-data").toAbsolutePath();
    stack = Stack.start(dataDir, INGEST_TOKEN);
    // The native library has no bearer support of its own; a request interceptor is its way to add a header.
    ingestClient = new io.stancewatch.client.ingest.invoker.ApiClient();
    ingestClient.updateBaseUri(stack.ingest().url());
    ingestClient.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + INGEST_TOKEN));
    ingest = new IngestApi(ingestClient);
    io.stancewatch.client.query.invoker.ApiClient queryClient = new io.stancewatch.client.query.invoker.ApiClient();
    queryClient.updateBaseUri(stack.query().url());
    query = new QueryApi(queryClient);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void postedStatementsAreReadAsCurrentStanceHistoryAndStanceAsOfAPastDate() throws Exception {
    var first = ingest.postStatement(
        statement("jonson-1", "pal-jonson", "ukraine-nato-membership", "SUPPORT", 0.8, "2025-02-01T10:00:00Z")
        .actorName("Pål Jonson").actorKind(ActorKind.PERSON)
        .quote("Sweden supports Ukraine's path to NATO membership").sourceUrl(URI.create("https://example.org/jonson")));
    assertEquals("jonson-1", first.getStatementId());
    var reversal = ingest.postStatement(
        statement("jonson-2", "pal-jonson", "ukraine-nato-membership", "OPPOSE", 0.4, "2025-03-01T12:00:00Z"));
    assertEquals("jonson-2", reversal.getStatementId());

    var now = query.actorTopicStance(APIActorTopicStanceRequest.newBuilder()
        .actor("pal-jonson").topic("ukraine-nato-membership").consistencyToken(reversal.getConsistencyToken()).build());
    assertEquals(Stance.OPPOSE, now.getStance());
    assertEquals(-0.4, now.getPosition());
    assertEquals(instant("2025-03-01T12:00:00Z"), now.getSince());
    assertEquals("jonson-2", now.getStatementId());
    assertEquals(instant("2025-03-01T12:00:00Z"), now.getOccurredAt());
    assertNull(now.getQuote());
    assertNull(now.getSourceUrl());
    assertNull(now.getVia());
    assertEquals(2, now.getStatements());
    assertEquals(List.of("jonson-2 OPPOSE 0.4 retracted=false", "jonson-1 SUPPORT 0.8 retracted=false"),
        now.getHistory().stream().map(h -> h.getStatementId() + " " + h.getStance() + " " + h.getStrength()
            + " retracted=" + h.getRetracted()).toList(), "the history, newest first");
    assertEquals("Sweden supports Ukraine's path to NATO membership", now.getHistory().get(1).getQuote());
    assertEquals("https://example.org/jonson", String.valueOf(now.getHistory().get(1).getSourceUrl()));
    assertNull(now.getNext(), "one page holds the whole history");

    var before = query.actorTopicStance(APIActorTopicStanceRequest.newBuilder()
        .actor("pal-jonson").topic("ukraine-nato-membership").asOf(instant("2025-02-15T00:00:00Z")).build());
    assertEquals(Stance.SUPPORT, before.getStance());
    assertEquals(0.8, before.getPosition());
    assertEquals(instant("2025-02-01T10:00:00Z"), before.getSince());
    assertEquals("jonson-1", before.getStatementId());
    assertEquals("Sweden supports Ukraine's path to NATO membership", before.getQuote());
    assertEquals(1, before.getStatements());
    assertEquals(List.of("jonson-1"), before.getHistory().stream().map(h -> h.getStatementId()).toList(),
        "as of the date, the history holds only what was said by then");
  }

  @Test
  void batchIsCountedInTheTopicSummaryWithTheActorSpokenFor() throws Exception {
    var batch = ingest.postStatementBatch(IngestApi.APIPostStatementBatchRequest.newBuilder().statementRequest(List.of(
        statement(null, "keir-giles", "ceasefire", "OPPOSE", 1.0, "2025-02-14T09:00:00Z"),
        statement(null, "keith-kellogg", "ceasefire", "SUPPORT", 1.0, "2025-02-14T10:00:00Z")
            .onBehalfOf("united-states"))).build());
    assertEquals(2, batch.getStatementIds().size(), "an id is generated for each statement without one");
    assertNotNull(batch.getConsistencyToken());

    var ceasefire = query.topicStances(APITopicStancesRequest.newBuilder()
        .topic("ceasefire").consistencyToken(batch.getConsistencyToken()).build());
    assertEquals("ceasefire", ceasefire.getTopic());
    assertEquals(List.of(2L, 1L, 0L), List.of(ceasefire.getSummary().getSUPPORT(), ceasefire.getSummary().getOPPOSE(),
        ceasefire.getSummary().getNEUTRAL()), "SUPPORT, OPPOSE, NEUTRAL");
    assertEquals(Set.of("keir-giles OPPOSE via=null", "keith-kellogg SUPPORT via=null",
            "united-states SUPPORT via=keith-kellogg"),
        ceasefire.getStances().stream().map(s -> s.getActor() + " " + s.getStance() + " via=" + s.getVia())
            .collect(Collectors.toSet()));
    assertEquals(batch.getStatementIds().get(1), ceasefire.getStances().stream()
        .filter(s -> s.getActor().equals("united-states")).findFirst().orElseThrow().getStatementId());
    assertNull(ceasefire.getNext(), "one page");
  }

  @Test
  void retractionRestoresThePreviousStanceAndIsTheLatestChange() throws Exception {
    String actor = "volodymyr-zelenskyy";
    String topic = "ukraine-russia-land-swap";
    ingest.postStatement(statement("zelenskyy-1", actor, topic, "OPPOSE", 0.8, "2024-06-01T12:00:00Z"));
    ingest.postStatement(statement("zelenskyy-2", actor, topic, "SUPPORT", 0.8, "2025-02-11T12:00:00Z"));
    var retracted = ingest.postRetraction(new RetractionRequest().statementId("zelenskyy-2").actor(actor).topic(topic)
        .reason("wrongly recorded"));
    assertEquals("zelenskyy-2", retracted.getStatementId());

    var now = query.actorTopicStance(APIActorTopicStanceRequest.newBuilder().actor(actor).topic(topic)
        .consistencyToken(retracted.getConsistencyToken()).build());
    assertEquals(Stance.OPPOSE, now.getStance());
    assertEquals("zelenskyy-1", now.getStatementId());
    assertEquals(instant("2024-06-01T12:00:00Z"), now.getSince());
    assertEquals(1, now.getStatements(), "a retracted statement is not counted");
    assertEquals(List.of("zelenskyy-2 retracted=true", "zelenskyy-1 retracted=false"),
        now.getHistory().stream().map(h -> h.getStatementId() + " retracted=" + h.getRetracted()).toList(),
        "the history keeps the retracted statement, marked");

    var changes = query.latestChanges(APILatestChangesRequest.newBuilder().actor(actor).topic(topic)
        .consistencyToken(retracted.getConsistencyToken()).build());
    assertEquals(List.of(
            "3 RETRACTION zelenskyy-2: SUPPORT 0.8 -> OPPOSE -0.8",
            "2 STATEMENT zelenskyy-2: OPPOSE -0.8 -> SUPPORT 0.8",
            "1 STATEMENT zelenskyy-1: null null -> OPPOSE -0.8"),
        changes.getItems().stream().map(c -> c.getSequence() + " " + c.getCause() + " " + c.getCauseStatementId() + ": "
            + c.getPreviousStance() + " " + c.getPreviousPosition() + " -> " + c.getNewStance() + " "
            + c.getNewPosition()).toList(), "the changes, newest first");
    var first = changes.getItems().get(2);
    assertEquals(ChangeCause.STATEMENT, first.getCause());
    assertEquals(instant("2024-06-01T12:00:00Z"), first.getOccurredAt());
    assertNotNull(first.getDetectedAt());
    assertNull(first.getVia());
    assertNull(changes.getNext(), "one page holds every change");
  }

  @Test
  void invalidStatementIsABadRequestProblemNamingEachWrongField() throws Exception {
    StatementRequest invalid = new StatementRequest().actor("Pal Jonson").topic("ukraine-nato-membership")
        .stance(io.stancewatch.client.ingest.model.Stance.SUPPORT);

    var rejected = assertThrows(io.stancewatch.client.ingest.invoker.ApiException.class,
        () -> ingest.postStatement(invalid));

    assertEquals(400, rejected.getCode());
    String contentType = rejected.getResponseHeaders().firstValue("Content-Type").orElse("");
    assertTrue(contentType.startsWith("application/problem+json"), contentType);
    Problem problem = problem(rejected.getResponseBody());
    assertEquals(400, problem.getStatus());
    assertEquals(Set.of("actor", "occurredAt"),
        problem.getViolations().stream().map(Violation::getField).collect(Collectors.toSet()), problem.toString());
  }

  /** An error answer's body, read by the generated client's own mapper into its own model. */
  private static Problem problem(String body) throws JsonProcessingException {
    return ingestClient.getObjectMapper().readValue(body, Problem.class);
  }

  private static StatementRequest statement(String statementId, String actor, String topic, String stance,
      double strength, String occurredAt) {
    return new StatementRequest().statementId(statementId).actor(actor).topic(topic)
        .stance(io.stancewatch.client.ingest.model.Stance.fromValue(stance)).strength(strength)
        .occurredAt(instant(occurredAt));
  }

  private static OffsetDateTime instant(String rfc3339) {
    return OffsetDateTime.parse(rfc3339);
  }
}
