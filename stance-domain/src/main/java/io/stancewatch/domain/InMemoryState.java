package io.stancewatch.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The fold's state held in sorted maps, keyed as stance-service keys its stores: the same
 * reads and writes without Kafka, for {@link LogFold} and tests.
 */
public final class InMemoryState {

  private final Map<String, StoredActor.Identity> identities = new TreeMap<>();
  private final Map<String, StoredActor.Folded> folded = new HashMap<>();
  private final Map<String, PairSummary> summaries = new TreeMap<>();
  private final Map<String, NavigableMap<HistoryKey, HistoryItem>> histories = new HashMap<>();

  /** The actor as the fold reads it. */
  public StoredActor actor(String actor) {
    return new StoredActor() {
      @Override
      public String actor() {
        return actor;
      }

      @Override
      public Identity identity() {
        return identities.getOrDefault(actor, Identity.NONE);
      }

      @Override
      public Optional<Folded> folded(String statementId) {
        return Optional.ofNullable(folded.get(actor + "/" + statementId));
      }

      @Override
      public PairSummary summary(String topic) {
        return summaries.getOrDefault(actor + "/" + topic, PairSummary.empty(actor, topic));
      }

      @Override
      public PairHistory history(String topic) {
        return InMemoryState.this.history(actor, topic);
      }
    };
  }

  /** Writes what the fold decided for this actor. */
  public void write(String actor, StanceFold.Result result) {
    if (result.identity() != null) {
      identities.put(actor, result.identity());
    }
    if (result.summary() != null) {
      PairSummary summary = result.summary();
      summaries.put(actor + "/" + summary.topic(), summary);
      HistoryItem entry = result.entry();
      histories.computeIfAbsent(actor + "/" + summary.topic(), k -> new TreeMap<>()).put(entry.key(), entry);
      folded.put(actor + "/" + entry.statementId(), new StoredActor.Folded(summary.topic(), entry.key()));
    }
  }

  /** Every pair's summary, sorted by actor and topic. */
  public List<PairSummary> summaries() {
    return List.copyOf(summaries.values());
  }

  /** The actors whose name or kind is known, sorted by slug. */
  public Map<String, StoredActor.Identity> identities() {
    return Map.copyOf(identities);
  }

  /** One pair's history. */
  public PairHistory history(String actor, String topic) {
    NavigableMap<HistoryKey, HistoryItem> history = histories.getOrDefault(actor + "/" + topic, new TreeMap<>());
    return new PairHistory() {
      @Override
      public Optional<HistoryItem> get(HistoryKey key) {
        return Optional.ofNullable(history.get(key));
      }

      @Override
      public Stream<HistoryItem> newestFirst(HistoryKey key) {
        return new ArrayList<>(history.headMap(key, false).descendingMap().values()).stream();
      }

      @Override
      public Stream<HistoryItem> oldestFirst(HistoryKey key) {
        return new ArrayList<>(history.tailMap(key, false).values()).stream();
      }
    };
  }

  /** One pair's whole history, oldest first. */
  public List<HistoryItem> historyOf(String actor, String topic) {
    return List.copyOf(histories.getOrDefault(actor + "/" + topic, new TreeMap<>()).values());
  }
}
