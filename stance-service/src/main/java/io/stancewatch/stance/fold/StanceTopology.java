package io.stancewatch.stance.fold;

import io.stancewatch.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** The stance-service pipeline, built in one place so it can be tested without a broker. */
public final class StanceTopology {

  /** Each actor's folded state, keyed by actor slug; its changelog makes it recoverable. */
  public static final String ACTOR_STATE_STORE = "actor-state";

  private StanceTopology() {}

  public static Topology build() {
    Topology topology = new Topology();
    // Read the statement log, keyed by speaker.
    topology.addSource("statements", Serdes.String().deserializer(),
        Topics.STATEMENTS.valueSerde().deserializer(), Topics.STATEMENTS.name());
    // Fold each entry into the state of the actor it concerns.
    topology.addProcessor(StanceFoldProcessor.NAME, StanceFoldProcessor::new, "statements");
    topology.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ACTOR_STATE_STORE), Serdes.String(), Topics.ACTOR_STANCES.valueSerde()),
        StanceFoldProcessor.NAME);
    // Publish each change of a current stance label, and the actor's new snapshot.
    topology.addSink(StanceFoldProcessor.CHANGES_SINK, Topics.STANCE_CHANGES.name(),
        Serdes.String().serializer(), Topics.STANCE_CHANGES.valueSerde().serializer(), StanceFoldProcessor.NAME);
    topology.addSink(StanceFoldProcessor.SNAPSHOTS_SINK, Topics.ACTOR_STANCES.name(),
        Serdes.String().serializer(), Topics.ACTOR_STANCES.valueSerde().serializer(), StanceFoldProcessor.NAME);
    return topology;
  }
}
