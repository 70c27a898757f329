package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeLogViewTest {

  @Test
  void newestFirstWhateverTheArrivalOrder() {
    ChangeLogView view = new ChangeLogView();
    view.apply(change("a", "nato", 1, "2025-02-12T10:00:00Z"));
    view.apply(change("b", "nato", 1, "2025-02-14T10:00:00Z"));
    view.apply(change("a", "nato", 2, "2025-02-13T10:00:00Z"));
    view.apply(change("c", "ceasefire", 1, "2025-02-13T10:00:00Z"));

    assertEquals(List.of("b/nato/1", "c/ceasefire/1", "a/nato/2", "a/nato/1"), ids(view.latest(c -> true, 10)));
    assertEquals(List.of("b/nato/1", "c/ceasefire/1"), ids(view.latest(c -> true, 2)));
    assertEquals(List.of("a/nato/2", "a/nato/1"), ids(view.latest(c -> c.getActor().equals("a"), 10)));
  }

  private static List<String> ids(List<StanceChanged> changes) {
    return changes.stream().map(c -> c.getActor() + "/" + c.getTopic() + "/" + c.getSequence()).toList();
  }

  static StanceChanged change(String actor, String topic, long sequence, String detectedAt) {
    return StanceChanged.newBuilder().setActor(actor).setTopic(topic).setPreviousStance(null)
        .setNewStance(Stance.SUPPORT).setPreviousPosition(null).setNewPosition(1.0).setCauseStatementId(actor + sequence)
        .setCause(ChangeCause.STATEMENT).setOccurredAt(Instant.parse(detectedAt)).setDetectedAt(Instant.parse(detectedAt))
        .setSequence(sequence).setVia(null).build();
  }
}
