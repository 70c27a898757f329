package io.stancewatch.query.api;

import static io.stancewatch.query.api.LogEntries.said;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.events.Stance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /changes/stream} over HTTP: server-sent events, filtered, live, resumed after
 * {@code Last-Event-ID}, to many subscribers at once. Each test publishes changes of actors of
 * its own to the shared query-service.
 */
class ChangeStreamKafkaTest {

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
  void changeStreamSendsFilteredChangesLiveAndResumesAfterLastEventId() throws Exception {
    String actor = "streamer-" + RUN;
    String topic = "ceasefire-" + RUN;
    outputs.publish(List.of(said("s-1", actor, topic, Stance.SUPPORT, "2025-04-01T00:00:00Z", null)));
    Sse.Event first;
    try (Sse sse = Sse.open(api.uri("/changes/stream?actor=" + actor), null)) {
      first = sse.next();
      assertEquals("stance-change", first.name());
      assertEquals("s-1", first.data().get("causeStatementId").asText());
      int comments = sse.comments();
      Awaitility.await("a quiet stream sends heartbeats").atMost(Duration.ofSeconds(5))
          .until(() -> sse.comments() > comments);
    }

    outputs.publish(List.of(said("s-2", actor, topic, Stance.OPPOSE, "2025-04-02T00:00:00Z", null),
        said("other-1", "other-" + RUN, topic, Stance.OPPOSE, "2025-04-02T00:00:00Z", null),
        said("s-3", actor, topic, Stance.NEUTRAL, "2025-04-03T00:00:00Z", null)));
    try (Sse sse = Sse.open(api.uri("/changes/stream?actor=" + actor), first.id())) {
      assertEquals("s-2", sse.next().data().get("causeStatementId").asText());
      assertEquals("s-3", sse.next().data().get("causeStatementId").asText());
      outputs.publish(List.of(said("s-4", actor, topic, Stance.SUPPORT, "2025-04-04T00:00:00Z", null)));
      Sse.Event live = sse.next();
      assertEquals("s-4", live.data().get("causeStatementId").asText(), "no change is sent twice");
      assertEquals(4, live.data().get("sequence").asInt());
    }
  }

  @Test
  void aStreamFromTheEndSendsOnlyLaterChanges() throws Exception {
    String actor = "latecomer-" + RUN;
    String topic = "ceasefire-" + RUN;
    outputs.publish(List.of(said("l-1", actor, topic, Stance.SUPPORT, "2025-04-01T00:00:00Z", null)));
    Awaitility.await("the change log view holds l-1").atMost(Duration.ofSeconds(10))
        .until(() -> api.ok("/changes?actor=" + actor).get("items").size() == 1);
    try (Sse sse = Sse.open(api.uri("/changes/stream?from=end&actor=" + actor), null)) {
      outputs.publish(List.of(said("l-2", actor, topic, Stance.OPPOSE, "2025-04-02T00:00:00Z", null)));
      assertEquals("l-2", sse.next().data().get("causeStatementId").asText(), "l-1 came before the stream: not replayed");
    }
    api.assertProblem("/changes/stream?from=start", 400, "from");
  }

  @Test
  void manySubscribersEachGetTheChange() throws Exception {
    String actor = "crowd-" + RUN;
    List<Sse> crowd = new ArrayList<>();
    try {
      for (int i = 0; i < 100; i++) {
        crowd.add(Sse.open(api.uri("/changes/stream?actor=" + actor), null));
      }
      outputs.publish(List.of(said("c-1", actor, "ceasefire-" + RUN, Stance.SUPPORT, "2025-04-01T00:00:00Z", null)));
      for (Sse sse : crowd) {
        assertEquals("c-1", sse.next().data().get("causeStatementId").asText());
      }
      assertEquals(200, api.get("/health").status(), "the server still answers while 100 streams are open");
    } finally {
      for (Sse sse : crowd) {
        sse.close();
      }
    }
  }
}
