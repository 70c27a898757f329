package io.stancewatch.stance.fold;

import io.stancewatch.domain.ActorEvent;
import io.stancewatch.domain.ActorState;
import io.stancewatch.domain.Snapshots;
import io.stancewatch.domain.StanceChange;
import io.stancewatch.domain.StanceFold;
import io.stancewatch.domain.StatementEvents;
import io.stancewatch.events.StatementEvent;
import io.stancewatch.schemas.FoldProgress;
import io.stancewatch.schemas.FoldProgress.Position;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The thin adapter around {@link StanceFold}: loads the slice of the actor's state the event
 * can touch, applies the event, stores what changed, and forwards the changes and, when the
 * statement was made on another actor's behalf, the entry keyed by that actor to be relayed.
 * The actor's snapshot is published later, with those of every actor folded in the same
 * snapshot interval ({@link DueSnapshots}). Under exactly_once_v2 the store writes, the
 * outputs and the input offsets commit in one transaction.
 */
final class StanceFoldProcessor implements Processor<String, StatementEvent, String, Object> {

  /** Whom an entry is folded into: its speaker (the log's key), or the actor it is relayed to (the relay's key). */
  enum Role { SPEAKER, RELAY }

  private final Role role;
  private final Duration snapshotInterval;
  private final FoldMetrics metrics;
  private ProcessorContext<String, Object> context;
  private ActorStateStores state;
  private DueSnapshots due;

  StanceFoldProcessor(Role role, Duration snapshotInterval, FoldMetrics metrics) {
    this.role = role;
    this.snapshotInterval = snapshotInterval;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.state = new ActorStateStores(context);
    this.due = new DueSnapshots(context);
    // One publisher per task is enough: both folds mark the same store.
    if (role == Role.SPEAKER) {
      context.schedule(snapshotInterval, PunctuationType.WALL_CLOCK_TIME, now -> publishDueSnapshots());
    }
  }

  @Override
  public void process(Record<String, StatementEvent> record) {
    String actor = role == Role.SPEAKER ? StatementEvents.speaker(record.value()) : record.key();
    ActorEvent event = role == Role.SPEAKER ? StatementEvents.forSpeaker(record.value())
        : StatementEvents.forRelay(record.value());
    ActorState before = state.slice(actor, event);
    // The record timestamp is when the entry was appended to the log (relays keep it), so a
    // replay stamps the same detectedAt on every change.
    StanceFold.Result result = StanceFold.apply(before, event, Instant.ofEpochMilli(record.timestamp()));
    state.save(before, result.state(), event);

    Position source = role == Role.SPEAKER ? logPosition() : FoldProgress.source(record.headers()).orElseThrow();
    Record<String, StatementEvent> traced = record.withHeaders(FoldProgress.sourceHeaders(source));
    for (StanceChange change : result.changes()) {
      context.forward(traced.withKey(actor).<Object>withValue(Snapshots.toAvro(change)));
    }
    // Marked even when nothing changed (a duplicate, an unknown retraction): the snapshot's
    // headers are how a reader learns this event has been folded (read-your-writes).
    long timestamp = record.timestamp();
    due.mark(actor, d -> {
      DueSnapshot marked = role == Role.SPEAKER ? d.withOwnEvent(source.offset(), timestamp)
          : d.withRelayEvent(timestamp).withRelayDone(source);
      return result.relayTo() == null ? marked : marked.withRelayPending(source);
    });
    if (result.relayTo() != null) {
      context.forward(traced.withKey(result.relayTo()).<Object>withValue(record.value()));
    }
    metrics.folded(result.changes().size());
    if (role == Role.SPEAKER) {
      metrics.logFolded(source.partition(), source.offset());
    }
  }

  private void publishDueSnapshots() {
    List<DueSnapshots.Publication> publications = due.drain(context.taskId().partition());
    for (DueSnapshots.Publication publication : publications) {
      context.forward(new Record<>(publication.actor(), state.snapshot(publication.actor()),
          publication.timestamp(), publication.headers()));
    }
    metrics.snapshotsPublished(publications.size());
  }

  /** Where the event being folded sits in the statement log: a speaker's input is the log itself. */
  private Position logPosition() {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    return new Position(source.partition(), source.offset());
  }
}
