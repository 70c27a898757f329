package io.stancewatch.query.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeLogViewTest {

  private final ChangeLogView view = new ChangeLogView();

  @Test
  void newestFirstWhateverTheArrivalOrder() {
    appendFour();

    assertEquals(List.of("b/nato/1", "c/ceasefire/1", "a/nato/2", "a/nato/1"), ids(view.latest(c -> true, null, 10)));
    assertEquals(List.of("b/nato/1", "c/ceasefire/1"), ids(view.latest(c -> true, null, 2)));
    assertEquals(List.of("a/nato/2", "a/nato/1"), ids(view.latest(c -> c.getActor().equals("a"), null, 10)));
  }

  @Test
  void aPageStartsRightAfterTheKeyOfThePreviousPage() {
    appendFour();
    List<ChangeLogView.Entry> first = view.latest(c -> true, null, 2);

    assertEquals(List.of("a/nato/2", "a/nato/1"), ids(view.latest(c -> true, first.get(1).key(), 2)));
    assertEquals(List.of(), ids(view.latest(c -> true, view.latest(c -> true, null, 4).get(3).key(), 2)));
  }

  @Test
  void readSinceGivesChangesInReadOrder() {
    appendFour();

    assertEquals(List.of("a/nato/2", "c/ceasefire/1"), ids(view.readSince(2)));
    assertEquals(List.of(), view.readSince(4));
  }

  private void appendFour() {
    view.apply(change("a", "nato", 1, "2025-02-12T10:00:00Z"), 0, 0);
    view.apply(change("b", "nato", 1, "2025-02-14T10:00:00Z"), 1, 0);
    view.apply(change("a", "nato", 2, "2025-02-13T10:00:00Z"), 0, 1);
    view.apply(change("c", "ceasefire", 1, "2025-02-13T10:00:00Z"), 2, 0);
  }

  private static List<String> ids(List<ChangeLogView.Entry> entries) {
    return entries.stream().map(ChangeLogView.Entry::change)
        .map(c -> c.getActor() + "/" + c.getTopic() + "/" + c.getSequence()).toList();
  }

  static StanceChanged change(String actor, String topic, long sequence, String detectedAt) {
    return StanceChanged.newBuilder().setActor(actor).setTopic(topic).setPreviousStance(null)
        .setNewStance(Stance.SUPPORT).setPreviousPosition(null).setNewPosition(1.0).setCauseStatementId(actor + sequence)
        .setCause(ChangeCause.STATEMENT).setOccurredAt(Instant.parse(detectedAt)).setDetectedAt(Instant.parse(detectedAt))
        .setSequence(sequence).setVia(null).build();
  }
}
