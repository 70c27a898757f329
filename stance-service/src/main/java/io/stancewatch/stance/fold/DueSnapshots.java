package io.stancewatch.stance.fold;

import io.stancewatch.schemas.FoldProgress;
import io.stancewatch.schemas.FoldProgress.Position;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The actors of one task whose snapshot is due. Folding an event marks its actor; every
 * snapshot interval the task publishes one snapshot per marked actor, however many events
 * reached it meanwhile, which is what lets the fold keep up when an actor's statements come
 * in bursts (an import, a busy news day).
 */
final class DueSnapshots {

  /** A snapshot to publish now, with the {@link FoldProgress} headers its readers count on. */
  record Publication(String actor, long timestamp, Headers headers) {}

  private final KeyValueStore<String, DueSnapshot> store;

  DueSnapshots(ProcessingContext context) {
    this.store = context.getStateStore(StanceTopology.DUE_SNAPSHOTS_STORE);
  }

  void mark(String actor, UnaryOperator<DueSnapshot> update) {
    DueSnapshot due = store.get(actor);
    store.put(actor, update.apply(due == null ? DueSnapshot.none() : due));
  }

  /** Takes every due snapshot, in the order to publish them in. */
  List<Publication> drain(int logPartition) {
    List<KeyValue<String, DueSnapshot>> due = new ArrayList<>();
    try (KeyValueIterator<String, DueSnapshot> it = store.all()) {
      it.forEachRemaining(due::add);
    }
    due.forEach(d -> store.delete(d.key));
    return order(logPartition, due);
  }

  /**
   * Orders the publications by the first own event each covers, and stamps each with how far
   * the log partition is folded once it is read: up to just before the next publication's
   * first event, and up to the last event folded on the last. Actors reached only by relays
   * come last and move nothing forward.
   */
  private static List<Publication> order(int logPartition, List<KeyValue<String, DueSnapshot>> due) {
    List<KeyValue<String, DueSnapshot>> sorted = new ArrayList<>(due);
    sorted.sort(Comparator.comparing((KeyValue<String, DueSnapshot> d) -> d.value.firstOffset(),
        Comparator.nullsLast(Comparator.naturalOrder())));
    Long last = sorted.stream().map(d -> d.value.lastOffset()).filter(o -> o != null)
        .max(Comparator.naturalOrder()).orElse(null);
    List<Publication> publications = new ArrayList<>(sorted.size());
    for (int i = 0; i < sorted.size(); i++) {
      DueSnapshot d = sorted.get(i).value;
      Long next = i + 1 < sorted.size() ? sorted.get(i + 1).value.firstOffset() : null;
      Long folded = last == null ? null : next == null ? last : Math.min(last, next - 1);
      // Nothing of this partition is covered yet when the next publication starts at its very first event.
      Position position = folded == null || folded < 0 ? null : new Position(logPartition, folded);
      publications.add(new Publication(sorted.get(i).key, d.timestamp(),
          FoldProgress.snapshotHeaders(position, d.relaysPending(), d.relaysDone())));
    }
    return publications;
  }
}
