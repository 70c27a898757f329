package io.stancewatch.stance.fold;

import io.stancewatch.domain.ActorEvent;
import io.stancewatch.domain.ActorState;
import io.stancewatch.domain.PairState;
import io.stancewatch.domain.Snapshots;
import io.stancewatch.events.ActorStances;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The folded state of the actors of one task, split so that an event reads and writes only
 * what it can touch: one record per (actor, topic) pair, the actor's name and kind, and an
 * index of the statement ids folded into each actor. An actor with fifty topics costs an
 * event one small pair, not the whole actor.
 *
 * <p>Keys join slugs with {@code /}, which no slug contains (ingest-service accepts
 * {@code [a-z0-9-]} only), so a prefix scan over {@code actor/} finds exactly that actor's pairs.
 */
final class ActorStateStores {

  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, byte[]> pairs;
  private final KeyValueStore<String, ActorStances> profiles;
  private final KeyValueStore<String, String> statementTopics;

  ActorStateStores(ProcessingContext context) {
    this.pairs = context.getStateStore(StanceTopology.PAIR_STATE_STORE);
    this.profiles = context.getStateStore(StanceTopology.ACTOR_PROFILE_STORE);
    this.statementTopics = context.getStateStore(StanceTopology.STATEMENT_INDEX_STORE);
  }

  /**
   * What the fold reads of the actor for this event: name and kind, the event's pair, and the
   * pair already holding the event's statement id when there is one, so the fold sees a
   * duplicate id on another topic as it would in the whole state.
   */
  ActorState slice(String actor, ActorEvent event) {
    ActorStances profile = profiles.get(actor);
    Map<String, PairState> topics = new HashMap<>();
    load(actor, event.topic(), topics);
    if (event instanceof ActorEvent.StatementFolded folded) {
      String seenOn = statementTopics.get(actor + "/" + folded.item().statementId());
      if (seenOn != null && !seenOn.equals(event.topic())) {
        load(actor, seenOn, topics);
      }
    }
    return new ActorState(actor, profile == null ? null : profile.getName(),
        profile == null ? null : profile.getKind(), topics);
  }

  /** Writes what the fold changed between {@code before} (a slice) and {@code after}. */
  void save(ActorState before, ActorState after, ActorEvent event) {
    if (after == before) {
      return;
    }
    String actor = after.actor();
    if (!Objects.equals(before.name(), after.name()) || before.kind() != after.kind()) {
      profiles.put(actor, ActorStances.newBuilder().setActor(actor).setName(after.name()).setKind(after.kind())
          .setTopics(List.of()).build());
    }
    after.topics().forEach((topic, pair) -> {
      if (!pair.equals(before.topics().get(topic))) {
        pairs.put(actor + "/" + topic, SnapshotEncoder.PAIRS.encode(Snapshots.toAvro(pair)));
      }
    });
    if (event instanceof ActorEvent.StatementFolded folded) {
      statementTopics.put(actor + "/" + folded.item().statementId(), folded.topic());
    }
  }

  /**
   * The actor's snapshot, encoded for {@code actor-stances}, every pair sorted by topic; null
   * when nothing was folded into it. The pairs are not decoded ({@link SnapshotEncoder}).
   */
  byte[] snapshot(String actor) {
    List<byte[]> stored = new ArrayList<>();
    // Keys sort by topic within the actor's prefix, as the snapshot lists them.
    try (KeyValueIterator<String, byte[]> it = pairs.prefixScan(actor + "/", KEYS)) {
      it.forEachRemaining(pair -> stored.add(pair.value));
    }
    if (stored.isEmpty()) {
      return null;
    }
    ActorStances profile = profiles.get(actor);
    return SnapshotEncoder.encode(actor, profile == null ? null : profile.getName(),
        profile == null ? null : profile.getKind(), stored);
  }

  private void load(String actor, String topic, Map<String, PairState> into) {
    byte[] stored = pairs.get(actor + "/" + topic);
    if (stored != null) {
      into.put(topic, Snapshots.toDomain(SnapshotEncoder.PAIRS.decode(stored)));
    }
  }
}
