package io.stancewatch.stance.fold;

import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.Topic;
import io.stancewatch.schemas.Topics;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.BranchedKStream;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * The stance-service pipeline, built in one place so it can be tested without a broker.
 *
 * <pre>
 * statements ──► decode ──► fold (speaker) ──┬──► stance-changes, stances, stance-history, actors
 *                  │          │  ▲           │
 *                  │    relays│  │pair-summary, pair-history, statement-index, actor-profile
 *                  │          │  ▼           │
 *                  │          └► repartition ──► fold (relay) ──► (the same four outputs)
 *                  └──► statements.dlq (what does not decode or is too large, as received)
 * </pre>
 *
 * Relays are keyed by the actor spoken for. Both folds share the stores: the relay topic is
 * co-partitioned with the statement log, so an actor's own statements and those made on its
 * behalf meet in the same task and the same state. Every output is forwarded as its event is
 * folded, and every store value and output is the size of one statement at most.
 */
public final class StanceTopology {

  /** Each (actor, topic) pair's current stance, keyed {@code actor/topic}. */
  public static final String PAIR_SUMMARY_STORE = "pair-summary";
  /** Each statement of each pair, keyed {@code actor/topic/<history key>}. */
  public static final String PAIR_HISTORY_STORE = "pair-history";
  /** Where every statement id folded into an actor sits, keyed {@code actor/statementId}. */
  public static final String STATEMENT_INDEX_STORE = "statement-index";
  /** Each actor's name and kind, keyed by actor slug. */
  public static final String ACTOR_PROFILE_STORE = "actor-profile";
  private static final String[] STORES =
      {PAIR_SUMMARY_STORE, PAIR_HISTORY_STORE, STATEMENT_INDEX_STORE, ACTOR_PROFILE_STORE};
  /** Name of the internal topic carrying relayed entries: {@code <application.id>-relays-repartition}. */
  public static final String RELAYS = "relays";

  private StanceTopology() {}

  /**
   * Adds the fold to {@code builder}, with RocksDB stores; the service's builder is
   * micronaut-kafka-streams' (see {@code FoldStreams}).
   *
   * @param listener told what is folded and set aside
   * @param maxStatementBytes the largest statement record folded: every output and store value
   *     holds one statement's text at most, plus its keys, so this keeps each of them under the
   *     producer's and the broker's record size limits
   * @return the stream of the statement log, as read
   */
  public static KStream<byte[], byte[]> addTo(StreamsBuilder builder, FoldListener listener, int maxStatementBytes) {
    return addTo(builder, listener, maxStatementBytes, Stores::persistentKeyValueStore);
  }

  /**
   * The fold alone, as {@link #addTo} builds it.
   *
   * @param stores makes each named store: RocksDB in the service; tests that fold tens of
   *     thousands of records through {@code TopologyTestDriver}, which flushes every store after
   *     every record, may keep them in memory
   */
  static Topology build(FoldListener listener, int maxStatementBytes, Function<String, KeyValueBytesStoreSupplier> stores) {
    StreamsBuilder builder = new StreamsBuilder();
    addTo(builder, listener, maxStatementBytes, stores);
    return builder.build();
  }

  private static KStream<byte[], byte[]> addTo(StreamsBuilder builder, FoldListener listener, int maxStatementBytes,
      Function<String, KeyValueBytesStoreSupplier> stores) {
    // Every store has a changelog. No record cache: an event reads and writes keys that later
    // events seldom touch again within a commit interval, so it would save few changelog writes.
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.apply(PAIR_SUMMARY_STORE),
        Serdes.String(), Topics.STANCES.valueSerde()).withCachingDisabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.apply(PAIR_HISTORY_STORE),
        Serdes.String(), Topics.STANCE_HISTORY.valueSerde()).withCachingDisabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.apply(STATEMENT_INDEX_STORE),
        Serdes.String(), Serdes.String()).withCachingDisabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(stores.apply(ACTOR_PROFILE_STORE),
        Serdes.String(), Topics.ACTORS.valueSerde()).withCachingDisabled());

    // Decode each record of the log; one that does not decode, or is too large to fold, goes as received to the dead-letter topic.
    KStream<byte[], byte[]> log = builder.stream(Topics.STATEMENTS.name(),
        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("statements"));
    Map<String, KStream<String, Decoded>> decoded = log
        .process(() -> new StatementDecoder(maxStatementBytes, listener), Named.as("decode"))
        .split(Named.as("decode-"))
        .branch((speaker, entry) -> entry instanceof Decoded.Event, Branched.as("events"))
        .defaultBranch(Branched.as("dead-letters"));
    decoded.get("decode-dead-letters")
        .map((none, entry) -> KeyValue.pair(((Decoded.DeadLetter) entry).key(), ((Decoded.DeadLetter) entry).value()),
            Named.as("as-received"))
        .to(Topics.STATEMENTS_DLQ.name(), Produced.with(Topics.STATEMENTS_DLQ.keySerde(), Topics.STATEMENTS_DLQ.valueSerde())
            .withName("statements-dlq"));

    KStream<String, FoldOutput> speaker = decoded.get("decode-events")
        .mapValues(entry -> ((Decoded.Event) entry).event(), Named.as("as-event"))
        .process(() -> new StanceFoldProcessor.Speaker(listener), Named.as("fold-speaker"),
            STORES);
    Map<String, KStream<String, FoldOutput>> fromSpeaker = speaker.split(Named.as("speaker-"))
        .branch((actor, out) -> out instanceof FoldOutput.Relay, Branched.as("relays"))
        .defaultBranch(Branched.as("outputs"));

    KStream<String, FoldOutput> relayed = fromSpeaker.get("speaker-relays")
        .mapValues(out -> ((FoldOutput.Relay) out).value(), Named.as("as-statement-event"))
        .repartition(Repartitioned.with(Serdes.String(), Topics.STATEMENTS.valueSerde()).withName(RELAYS))
        .process(() -> new StanceFoldProcessor.Relay(listener), Named.as("fold-relay"),
            STORES);

    // Relays do not chain (a relayed statement names no one else), so the relay fold's outputs are all published.
    BranchedKStream<String, FoldOutput> outputs = fromSpeaker.get("speaker-outputs")
        .merge(relayed, Named.as("all-outputs"))
        .split(Named.as("output-"));
    publish(outputs, FoldOutput.Change.class, FoldOutput.Change::value, Topics.STANCE_CHANGES);
    publish(outputs, FoldOutput.Stance.class, FoldOutput.Stance::value, Topics.STANCES);
    publish(outputs, FoldOutput.History.class, FoldOutput.History::value, Topics.STANCE_HISTORY);
    publish(outputs, FoldOutput.Profile.class, FoldOutput.Profile::value, Topics.ACTORS);
    return log;
  }

  /** Sends the outputs of one kind to their topic, with its serdes. */
  private static <O extends FoldOutput, V> void publish(BranchedKStream<String, FoldOutput> outputs, Class<O> kind,
      Function<O, V> value, Topic<String, V> topic) {
    String name = topic.name().substring(topic.name().indexOf('.') + 1);
    outputs.branch((key, out) -> kind.isInstance(out), Branched.withConsumer(stream -> stream
        .mapValues(out -> value.apply(kind.cast(out)), Named.as("as-" + name))
        .to(topic.name(), Produced.with(topic.keySerde(), topic.valueSerde()).withName(name))));
  }
}
