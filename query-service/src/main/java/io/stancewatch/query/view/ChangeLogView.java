package io.stancewatch.query.view;

import io.stancewatch.events.StanceChanged;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every stance change read from {@code stancewatch.stance-changes}, newest first by when the
 * causing event was logged. Kept whole in memory: changes are rare next to statements.
 */
@Singleton
public class ChangeLogView {

  /** Newest first: detectedAt, then actor, topic and sequence so the order is total and stable. */
  static final Comparator<StanceChanged> NEWEST_FIRST = Comparator.comparing(StanceChanged::getDetectedAt)
      .thenComparing(c -> c.getActor())
      .thenComparing(c -> c.getTopic())
      .thenComparingLong(StanceChanged::getSequence)
      .reversed();

  private final List<StanceChanged> changes = new ArrayList<>();

  public synchronized void apply(StanceChanged change) {
    int at = 0;
    while (at < changes.size() && NEWEST_FIRST.compare(changes.get(at), change) < 0) {
      at++;
    }
    changes.add(at, change);
  }

  /** Up to {@code limit} changes accepted by {@code filter}, newest first. */
  public synchronized List<StanceChanged> latest(Predicate<StanceChanged> filter, int limit) {
    return changes.stream().filter(filter).limit(limit).toList();
  }
}
