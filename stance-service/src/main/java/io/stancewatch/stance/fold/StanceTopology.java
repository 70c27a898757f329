package io.stancewatch.stance.fold;

import io.stancewatch.events.ActorStances;
import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
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
 * statements ──► decode ──► fold (speaker) ──┬──► stance-changes
 *                  │          │  ▲           └──► actor-stances
 *                  │    relays│  │actor-state
 *                  │          │  ▼
 *                  │          └► repartition ──► fold (relay) ──► (same two outputs)
 *                  └──► statements.dlq (what does not decode, as received)
 * </pre>
 *
 * Relays are keyed by the actor spoken for. Both folds share the one {@code actor-state}
 * store: the relay topic is co-partitioned with the statement log, so an actor's own
 * statements and those made on its behalf meet in the same task and the same state.
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

    // Decode each record of the log; one that does not decode goes, as received, to the dead-letter topic.
    Map<String, KStream<String, Decoded>> decoded = builder.stream(Topics.STATEMENTS.name(),
            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("statements"))
        .process(StatementDecoder::new, Named.as("decode"))
        .split(Named.as("decode-"))
        .branch((speaker, entry) -> entry instanceof Decoded.Event, Branched.as("events"))
        .defaultBranch(Branched.as("dead-letters"));
    decoded.get("decode-dead-letters")
        .map((none, entry) -> KeyValue.pair(((Decoded.DeadLetter) entry).key(), ((Decoded.DeadLetter) entry).value()),
            Named.as("as-received"))
        .to(Topics.STATEMENTS_DLQ.name(), Produced.with(Topics.STATEMENTS_DLQ.keySerde(), Topics.STATEMENTS_DLQ.valueSerde())
            .withName("statements-dlq"));

    Map<String, KStream<String, SpecificRecord>> speaker = decoded.get("decode-events")
        .mapValues(entry -> ((Decoded.Event) entry).event(), Named.as("as-event"))
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
