package io.stancewatch.stance.fold;

import io.stancewatch.domain.ActorEvent;
import io.stancewatch.domain.Records;
import io.stancewatch.domain.StanceChange;
import io.stancewatch.domain.StanceFold;
import io.stancewatch.domain.StatementEvents;
import io.stancewatch.events.StatementEvent;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The thin adapter around {@link StanceFold}: reads what the event can touch from the stores,
 * applies the event, writes what changed, and forwards the changes, the pair's new stance, the
 * history entry written, the actor's new name and kind, and, when the statement was made on
 * another actor's behalf, the entry keyed by that actor to be relayed. Every record it writes
 * or forwards is the size of one statement at most. Under exactly_once_v2 the store writes,
 * the outputs and the input offsets commit in one transaction.
 */
abstract sealed class StanceFoldProcessor implements Processor<String, StatementEvent, String, FoldOutput> {

  private final FoldListener listener;
  private ProcessorContext<String, FoldOutput> context;
  private FoldStores stores;

  private StanceFoldProcessor(FoldListener listener) {
    this.listener = listener;
  }

  /** Folds the statement log's entries into their speaker, the log's key. */
  static final class Speaker extends StanceFoldProcessor {

    Speaker(FoldListener listener) {
      super(listener);
    }

    @Override
    String actor(Record<String, StatementEvent> record) {
      return StatementEvents.speaker(record.value());
    }

    @Override
    ActorEvent event(StatementEvent entry) {
      return StatementEvents.forSpeaker(entry);
    }

    @Override
    void folded(ProcessorContext<String, FoldOutput> context, FoldListener listener) {
      context.recordMetadata().ifPresent(source -> listener.logFolded(source.partition(), source.offset()));
    }
  }

  /** Folds relayed entries into the actor spoken for, the relay's key. */
  static final class Relay extends StanceFoldProcessor {

    Relay(FoldListener listener) {
      super(listener);
    }

    @Override
    String actor(Record<String, StatementEvent> record) {
      return record.key();
    }

    @Override
    ActorEvent event(StatementEvent entry) {
      return StatementEvents.forRelay(entry);
    }
  }

  /** Whom the entry is folded into. */
  abstract String actor(Record<String, StatementEvent> record);

  /** The entry as that actor's event. */
  abstract ActorEvent event(StatementEvent entry);

  /** After an entry is folded and its outputs forwarded. */
  void folded(ProcessorContext<String, FoldOutput> context, FoldListener listener) {}

  @Override
  public void init(ProcessorContext<String, FoldOutput> context) {
    this.context = context;
    this.stores = new FoldStores(context);
  }

  @Override
  public void process(Record<String, StatementEvent> record) {
    String actor = actor(record);
    ActorEvent event = event(record.value());
    // The record timestamp is when the entry was appended to the log (relays keep it), so a
    // replay stamps the same detectedAt on every change and the same timestamp on every output.
    StanceFold.Result result = StanceFold.apply(stores.actor(actor), event, Instant.ofEpochMilli(record.timestamp()));
    FoldStores.Written written = stores.write(actor, result);

    Record<String, FoldOutput> out = new Record<>(actor, null, record.timestamp(), new RecordHeaders());
    for (StanceChange change : result.changes()) {
      context.forward(out.withValue(new FoldOutput.Change(Records.toAvro(change))));
    }
    if (written.stance() != null) {
      context.forward(out.withKey(Records.pairKey(actor, written.stance().getTopic()))
          .withValue(new FoldOutput.Stance(written.stance())));
      context.forward(out.withKey(Records.historyKey(actor, written.entry().getTopic(), written.entry().getStatementId()))
          .withValue(new FoldOutput.History(written.entry())));
    }
    if (written.profile() != null) {
      context.forward(out.withValue(new FoldOutput.Profile(written.profile())));
    }
    if (result.relayTo() != null) {
      context.forward(out.withKey(result.relayTo()).withValue(new FoldOutput.Relay(record.value())));
    }
    listener.folded(result.changes().size());
    folded(context, listener);
  }
}
