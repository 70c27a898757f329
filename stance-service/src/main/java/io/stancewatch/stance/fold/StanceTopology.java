package io.stancewatch.stance.fold;

import io.stancewatch.events.ActorStances;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The stance-service pipeline, built in one place so it can be tested without a broker.
 *
 * <pre>
 * statements ──► fold (speaker) ──┬──► stance-changes
 *                  │  ▲           └──► actor-stances
 *     relays, keyed│  │actor-state
 *     by the actor │  ▼
 *     spoken for   └► repartition ──► fold (relay) ──► (same two outputs)
 * </pre>
 *
 * Both folds share the one {@code actor-state} store: the relay topic is co-partitioned with
 * the statement log, so an actor's own statements and those made on its behalf meet in the
 * same task and the same state.
 */
public final class StanceTopology {

  /** Each actor's folded state, keyed by actor slug; its changelog makes it recoverable. */
  public static final String ACTOR_STATE_STORE = "actor-state";
  /** Name of the internal topic carrying relayed entries: {@code <application.id>-relays-repartition}. */
  public static final String RELAYS = "relays";

  private StanceTopology() {}

  public static Topology build() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(ACTOR_STATE_STORE), Serdes.String(), Topics.ACTOR_STANCES.valueSerde()));

    KStream<String, StatementEvent> statements = builder.stream(Topics.STATEMENTS.name(),
        Consumed.with(Serdes.String(), Topics.STATEMENTS.valueSerde()).withName("statements"));
    Map<String, KStream<String, SpecificRecord>> speaker = statements
        .process(() -> new StanceFoldProcessor(StanceFoldProcessor.Role.SPEAKER), Named.as("fold-speaker"),
            ACTOR_STATE_STORE)
        .split(Named.as("speaker-"))
        .branch((actor, out) -> out instanceof StatementEvent, Branched.as("relays"))
        .defaultBranch(Branched.as("outputs"));

    KStream<String, SpecificRecord> relayed = speaker.get("speaker-relays")
        .mapValues(out -> (StatementEvent) out, Named.as("as-statement-event"))
        .repartition(Repartitioned.with(Serdes.String(), Topics.STATEMENTS.valueSerde()).withName(RELAYS))
        .process(() -> new StanceFoldProcessor(StanceFoldProcessor.Role.RELAY), Named.as("fold-relay"),
            ACTOR_STATE_STORE);

    Map<String, KStream<String, SpecificRecord>> outputs = speaker.get("speaker-outputs")
        .merge(relayed, Named.as("all-outputs"))
        .split(Named.as("output-"))
        .branch((actor, out) -> out instanceof StanceChanged, Branched.as("changes"))
        .defaultBranch(Branched.as("snapshots"));
    outputs.get("output-changes").mapValues(out -> (StanceChanged) out, Named.as("as-change"))
        .to(Topics.STANCE_CHANGES.name(), Produced.with(Serdes.String(), Topics.STANCE_CHANGES.valueSerde())
            .withName("stance-changes"));
    outputs.get("output-snapshots").mapValues(out -> (ActorStances) out, Named.as("as-snapshot"))
        .to(Topics.ACTOR_STANCES.name(), Produced.with(Serdes.String(), Topics.ACTOR_STANCES.valueSerde())
            .withName("actor-stances"));
    return builder.build();
  }
}
