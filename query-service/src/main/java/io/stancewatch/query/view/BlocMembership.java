package io.stancewatch.query.view;

import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.PairSummary;
import java.util.Collection;

/**
 * Which bloc one actor belongs to, kept as its pairs change: the {@code onBehalfOf} of its
 * latest current statement that names one (latest {@code occurredAt}, ties by statement id);
 * else the actor itself when any of its current stances came {@code via} a speaker (it is
 * spoken for: it is a bloc); else none.
 *
 * <p>A pair's change costs O(1): the deciding statement and the pair holding it are kept, and
 * the actor's pairs are read again only when that pair's statement stops naming a bloc or is
 * replaced by an earlier one (a retraction). Written by the view's one writer only.
 */
final class BlocMembership {

  private HistoryItem spokenFor;
  private String spokenForTopic;
  private int relayedPairs;

  /**
   * Takes one pair's change: {@code before} and {@code after} its summaries (null when absent),
   * {@code pairs} every pair of the actor, this one's change included.
   */
  void update(String topic, PairSummary before, PairSummary after, Collection<PairSummary> pairs) {
    relayedPairs += relayed(after) - relayed(before);
    HistoryItem candidate = namingBloc(after);
    if (topic.equals(spokenForTopic)) {
      if (candidate != null && candidate.key().compareTo(spokenFor.key()) >= 0) {
        spokenFor = candidate;
      } else {
        rescan(pairs);
      }
    } else if (candidate != null && (spokenFor == null || candidate.key().compareTo(spokenFor.key()) > 0)) {
      spokenFor = candidate;
      spokenForTopic = topic;
    }
  }

  /** The bloc of {@code actor}, the actor these pairs are of; null for none. */
  String bloc(String actor) {
    if (spokenFor != null) {
      return spokenFor.onBehalfOf();
    }
    return relayedPairs > 0 ? actor : null;
  }

  private void rescan(Collection<PairSummary> pairs) {
    spokenFor = null;
    spokenForTopic = null;
    for (PairSummary pair : pairs) {
      HistoryItem candidate = namingBloc(pair);
      if (candidate != null && (spokenFor == null || candidate.key().compareTo(spokenFor.key()) > 0)) {
        spokenFor = candidate;
        spokenForTopic = pair.topic();
      }
    }
  }

  private static HistoryItem namingBloc(PairSummary pair) {
    return pair != null && pair.hasCurrent() && pair.current().onBehalfOf() != null ? pair.current() : null;
  }

  private static int relayed(PairSummary pair) {
    return pair != null && pair.hasCurrent() && pair.current().via() != null ? 1 : 0;
  }
}
