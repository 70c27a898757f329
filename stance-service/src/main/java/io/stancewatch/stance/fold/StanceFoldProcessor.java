package io.stancewatch.stance.fold;

import io.stancewatch.domain.ActorEvent;
import io.stancewatch.domain.ActorState;
import io.stancewatch.domain.Snapshots;
import io.stancewatch.domain.StanceChange;
import io.stancewatch.domain.StanceFold;
import io.stancewatch.domain.StatementEvents;
import io.stancewatch.events.ActorStances;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.FoldProgress;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The thin adapter around {@link StanceFold}: loads the actor's state from the store, applies
 * the event, stores the new state, and forwards the changes, the new snapshot and, when the
 * statement was made on another actor's behalf, the entry keyed by that actor to be relayed.
 * Under exactly_once_v2 the store write, the outputs and the input offset commit in one
 * transaction.
 */
final class StanceFoldProcessor implements Processor<String, StatementEvent, String, SpecificRecord> {

  /** Whom an entry is folded into: its speaker (the log's key), or the actor it is relayed to (the relay's key). */
  enum Role { SPEAKER, RELAY }

  private final Role role;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, ActorStances> store;

  StanceFoldProcessor(Role role) {
    this.role = role;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.store = context.getStateStore(StanceTopology.ACTOR_STATE_STORE);
  }

  @Override
  public void process(Record<String, StatementEvent> record) {
    String actor = role == Role.SPEAKER ? StatementEvents.speaker(record.value()) : record.key();
    ActorEvent event = role == Role.SPEAKER ? StatementEvents.forSpeaker(record.value())
        : StatementEvents.forRelay(record.value());
    ActorStances stored = store.get(actor);
    ActorState state = stored == null ? ActorState.empty(actor) : Snapshots.toDomain(stored);
    // The record timestamp is when the entry was appended to the log (relays keep it), so a
    // replay stamps the same detectedAt on every change.
    StanceFold.Result result = StanceFold.apply(state, event, Instant.ofEpochMilli(record.timestamp()));
    Record<String, StatementEvent> traced = record.withHeaders(role == Role.SPEAKER ? sourceHeaders()
        : FoldProgress.withRelay(record.headers(), FoldProgress.Relay.DONE));
    ActorStances snapshot = result.state().pairs().isEmpty() ? null : Snapshots.toAvro(result.state());
    if (result.state() != state) {
      store.put(actor, snapshot);
    }
    for (StanceChange change : result.changes()) {
      context.forward(traced.withKey(actor).<SpecificRecord>withValue(Snapshots.toAvro(change)));
    }
    // Published even when nothing changed (a duplicate, an unknown retraction): the snapshot's
    // source header is how a reader learns this event has been folded (read-your-writes).
    Headers snapshotHeaders = result.relayTo() == null ? traced.headers()
        : FoldProgress.withRelay(traced.headers(), FoldProgress.Relay.PENDING);
    context.forward(traced.withKey(actor).<SpecificRecord>withValue(snapshot).withHeaders(snapshotHeaders));
    if (result.relayTo() != null) {
      context.forward(traced.withKey(result.relayTo()).<SpecificRecord>withValue(record.value()));
    }
  }

  /** Headers naming the log record being folded: a speaker's input is the statement log itself. */
  private Headers sourceHeaders() {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    return FoldProgress.sourceHeaders(source.partition(), source.offset());
  }
}
