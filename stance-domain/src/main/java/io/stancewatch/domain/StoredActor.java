package io.stancewatch.domain;

import io.stancewatch.events.ActorKind;
import java.util.Optional;

/**
 * What the fold reads of one actor: its name and kind, where each of its statement ids was
 * folded, and each of its pairs' summary and history. stance-service answers from its state
 * stores, {@link LogFold} from memory.
 */
public interface StoredActor {

  /** An actor's display name and kind, the latest given by its own statements. */
  record Identity(String name, ActorKind kind) {

    public static final Identity NONE = new Identity(null, null);

    /** This identity updated with what a statement gives (null keeps what is known). */
    public Identity with(String newName, ActorKind newKind) {
      return new Identity(newName != null ? newName : name, newKind != null ? newKind : kind);
    }
  }

  /** Where a folded statement sits: its topic and its key in that pair's history. */
  record Folded(String topic, HistoryKey key) {}

  String actor();

  Identity identity();

  /** Where this statement id was folded into the actor, on any topic; empty when it never was. */
  Optional<Folded> folded(String statementId);

  PairSummary summary(String topic);

  PairHistory history(String topic);
}
