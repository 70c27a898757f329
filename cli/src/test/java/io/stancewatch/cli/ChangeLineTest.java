package io.stancewatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.stancewatch.events.ChangeCause;
import io.stancewatch.events.Stance;
import io.stancewatch.events.StanceChanged;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ChangeLineTest {

  @Test
  void firstStanceKeepsEveryFieldWithNullsForWhatCameBefore() {
    StanceChanged change = StanceChanged.newBuilder().setActor("pete-hegseth").setTopic("ukraine-nato-membership")
        .setNewStance(Stance.OPPOSE).setNewPosition(-1.0).setCauseStatementId("hegseth-2025-02-12")
        .setCause(ChangeCause.STATEMENT).setOccurredAt(Instant.parse("2025-02-12T15:00:00Z"))
        .setDetectedAt(Instant.parse("2025-02-13T08:30:01.250Z")).setSequence(1).build();

    assertEquals("{\"actor\":\"pete-hegseth\",\"topic\":\"ukraine-nato-membership\",\"previousStance\":null,"
            + "\"newStance\":\"OPPOSE\",\"previousPosition\":null,\"newPosition\":-1.0,"
            + "\"causeStatementId\":\"hegseth-2025-02-12\",\"cause\":\"STATEMENT\",\"occurredAt\":\"2025-02-12T15:00:00Z\","
            + "\"detectedAt\":\"2025-02-13T08:30:01.250Z\",\"sequence\":1,\"via\":null}",
        ChangeLine.of(change));
  }

  @Test
  void retractionOfABlocStanceNamesTheSpeakerAndHasNoNewStance() {
    StanceChanged change = StanceChanged.newBuilder().setActor("united-states").setTopic("ceasefire")
        .setPreviousStance(Stance.SUPPORT).setPreviousPosition(0.4).setCauseStatementId("kellogg-1")
        .setCause(ChangeCause.RETRACTION).setOccurredAt(Instant.parse("2025-03-01T12:00:00Z"))
        .setDetectedAt(Instant.parse("2025-03-01T12:00:00Z")).setSequence(2).setVia("keith-kellogg").build();

    assertEquals("{\"actor\":\"united-states\",\"topic\":\"ceasefire\",\"previousStance\":\"SUPPORT\","
            + "\"newStance\":null,\"previousPosition\":0.4,\"newPosition\":null,\"causeStatementId\":\"kellogg-1\","
            + "\"cause\":\"RETRACTION\",\"occurredAt\":\"2025-03-01T12:00:00Z\",\"detectedAt\":\"2025-03-01T12:00:00Z\","
            + "\"sequence\":2,\"via\":\"keith-kellogg\"}",
        ChangeLine.of(change));
  }
}
