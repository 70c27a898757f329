package io.stancewatch.stance.fold;

import io.stancewatch.events.StanceChanged;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topics;
import java.time.Duration;
import java.util.Map;
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
 *                  │          │  ▲           └──► actor-stances (each snapshot interval)
 *                  │    relays│  │pair-state, actor-profile,
 *                  │          │  │statement-index, due-snapshots
 *                  │          │  ▼
 *                  │          └► repartition ──► fold (relay) ──► (same two outputs)
 *                  └──► statements.dlq (what does not decode, as received)
 * </pre>
 *
 * Relays are keyed by the actor spoken for. Both folds share the stores: the relay topic is
 * co-partitioned with the statement log, so an actor's own statements and those made on its
 * behalf meet in the same task and the same state. Changes are forwarded as each event is
 * folded; snapshots once per snapshot interval per actor folded into meanwhile.
 */
public final class StanceTopology {

  /** Each (actor, topic) pair's history, keyed {@code actor/topic}. */
  public static final String PAIR_STATE_STORE = "pair-state";
  /** Each actor's name and kind (an {@code ActorStances} without topics), keyed by actor slug. */
  public static final String ACTOR_PROFILE_STORE = "actor-profile";
  /** The topic of every statement folded into an actor, keyed {@code actor/statementId}. */
  public static final String STATEMENT_INDEX_STORE = "statement-index";
  /** The actors whose snapshot is to be published, keyed by actor slug. */
  public static final String DUE_SNAPSHOTS_STORE = "due-snapshots";
  private static final String[] STORES =
      {PAIR_STATE_STORE, ACTOR_PROFILE_STORE, STATEMENT_INDEX_STORE, DUE_SNAPSHOTS_STORE};
  /** Name of the internal topic carrying relayed entries: {@code <application.id>-relays-repartition}. */
  public static final String RELAYS = "relays";

  private StanceTopology() {}

  /**
   * @param snapshotInterval how often each task publishes the snapshots of the actors folded
   *     into since the last time
   * @param metrics told what is folded and published
   */
  public static Topology build(Duration snapshotInterval, FoldMetrics metrics) {
    StreamsBuilder builder = new StreamsBuilder();
    // Every store has a changelog. The stores of folded state go without Kafka Streams' record
    // cache: an event reads and writes pairs and statement ids that later events seldom touch
    // again within a commit interval, so the cache saved few changelog writes, while its sorted
    // maps held a third of the stream threads' samples at full size (docs/PERFORMANCE.md).
    // Pairs are kept as encoded (a single-object encoded TopicStance): a snapshot splices them in as they are.
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PAIR_STATE_STORE),
        Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ACTOR_PROFILE_STORE),
        Serdes.String(), Topics.ACTOR_STANCES.valueSerde()));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATEMENT_INDEX_STORE),
        Serdes.String(), Serdes.String()));
    // Read whole every snapshot interval and emptied again: in memory, since iterating RocksDB
    // means stepping over the tombstones of every entry ever deleted; its changelog restores it.
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(DUE_SNAPSHOTS_STORE),
        Serdes.String(), DueSnapshot.serde()).withCachingEnabled());

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

    Map<String, KStream<String, Object>> speaker = decoded.get("decode-events")
        .mapValues(entry -> ((Decoded.Event) entry).event(), Named.as("as-event"))
        .process(() -> new StanceFoldProcessor(StanceFoldProcessor.Role.SPEAKER, snapshotInterval, metrics),
            Named.as("fold-speaker"), STORES)
        .split(Named.as("speaker-"))
        .branch((actor, out) -> out instanceof StatementEvent, Branched.as("relays"))
        .defaultBranch(Branched.as("outputs"));

    KStream<String, Object> relayed = speaker.get("speaker-relays")
        .mapValues(out -> (StatementEvent) out, Named.as("as-statement-event"))
        .repartition(Repartitioned.with(Serdes.String(), Topics.STATEMENTS.valueSerde()).withName(RELAYS))
        .process(() -> new StanceFoldProcessor(StanceFoldProcessor.Role.RELAY, snapshotInterval, metrics),
            Named.as("fold-relay"), STORES);

    Map<String, KStream<String, Object>> outputs = speaker.get("speaker-outputs")
        .merge(relayed, Named.as("all-outputs"))
        .split(Named.as("output-"))
        .branch((actor, out) -> out instanceof StanceChanged, Branched.as("changes"))
        .defaultBranch(Branched.as("snapshots"));
    outputs.get("output-changes").mapValues(out -> (StanceChanged) out, Named.as("as-change"))
        .to(Topics.STANCE_CHANGES.name(), Produced.with(Serdes.String(), Topics.STANCE_CHANGES.valueSerde())
            .withName("stance-changes"));
    // Snapshots come encoded ({@link SnapshotEncoder}), or null: the actor has no pairs left.
    outputs.get("output-snapshots").mapValues(out -> (byte[]) out, Named.as("as-snapshot"))
        .to(Topics.ACTOR_STANCES.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("actor-stances"));
    return builder.build();
  }
}
