package io.stancewatch.stance.fold;

import io.stancewatch.domain.ActorState;
import io.stancewatch.domain.Snapshots;
import io.stancewatch.domain.StanceChange;
import io.stancewatch.domain.StanceFold;
import io.stancewatch.domain.StatementEvents;
import io.stancewatch.events.ActorStances;
import io.stancewatch.events.StatementEvent;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The thin adapter around {@link StanceFold}: loads the actor's state from the store, applies
 * the event, stores the new state, and forwards the changes and the new snapshot. Under
 * exactly_once_v2 the store write, both outputs and the input offset commit in one transaction.
 */
final class StanceFoldProcessor implements Processor<String, StatementEvent, String, SpecificRecord> {

  static final String NAME = "fold";
  static final String CHANGES_SINK = "stance-changes";
  static final String SNAPSHOTS_SINK = "actor-stances";

  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, ActorStances> store;

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.store = context.getStateStore(StanceTopology.ACTOR_STATE_STORE);
  }

  @Override
  public void process(Record<String, StatementEvent> record) {
    // The record timestamp is when the entry was appended to the log: replaying the log
    // therefore stamps the same detectedAt on every change.
    Instant loggedAt = Instant.ofEpochMilli(record.timestamp());
    for (StatementEvents.Addressed addressed : StatementEvents.route(record.value())) {
      String actor = addressed.actor();
      ActorStances stored = store.get(actor);
      ActorState state = stored == null ? ActorState.empty(actor) : Snapshots.toDomain(stored);
      StanceFold.Result result = StanceFold.apply(state, addressed.event(), loggedAt);
      if (result.state() == state) {
        continue;
      }
      ActorStances snapshot = Snapshots.toAvro(result.state());
      store.put(actor, snapshot);
      for (StanceChange change : result.changes()) {
        context.forward(new Record<String, SpecificRecord>(actor, Snapshots.toAvro(change), record.timestamp()), CHANGES_SINK);
      }
      context.forward(new Record<String, SpecificRecord>(actor, snapshot, record.timestamp()), SNAPSHOTS_SINK);
    }
  }
}
