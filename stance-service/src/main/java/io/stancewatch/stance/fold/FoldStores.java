package io.stancewatch.stance.fold;

import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.HistoryKey;
import io.stancewatch.domain.PairHistory;
import io.stancewatch.domain.PairSummary;
import io.stancewatch.domain.Records;
import io.stancewatch.domain.StanceFold;
import io.stancewatch.domain.StoredActor;
import io.stancewatch.events.ActorProfile;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.events.PairStance;
import java.util.Optional;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The folded state of the actors of one task, one small record per key so that no store value
 * grows with an actor's history: per pair its summary ({@code actor/topic}), per statement its
 * history entry ({@code actor/topic/} + {@link HistoryKey#encode()}, so a pair's history is a
 * key range sorted as contract section 4 orders it), per statement id where it was folded
 * ({@code actor/statementId}), and per actor its name and kind.
 *
 * <p>Keys join slugs with {@code /}, which no slug or statement id contains (ingest-service
 * accepts {@code [a-z0-9-]} and {@code [A-Za-z0-9._:-]}), so a pair's prefix covers exactly its
 * history.
 */
final class FoldStores {

  private final KeyValueStore<String, PairStance> summaries;
  private final KeyValueStore<String, HistoryEntry> histories;
  private final KeyValueStore<String, String> folded;
  private final KeyValueStore<String, ActorProfile> profiles;

  FoldStores(ProcessingContext context) {
    this.summaries = context.getStateStore(StanceTopology.PAIR_SUMMARY_STORE);
    this.histories = context.getStateStore(StanceTopology.PAIR_HISTORY_STORE);
    this.folded = context.getStateStore(StanceTopology.STATEMENT_INDEX_STORE);
    this.profiles = context.getStateStore(StanceTopology.ACTOR_PROFILE_STORE);
  }

  /** The actor as the fold reads it, straight from the stores. */
  StoredActor actor(String actor) {
    return new StoredActor() {
      @Override
      public String actor() {
        return actor;
      }

      @Override
      public Identity identity() {
        ActorProfile profile = profiles.get(actor);
        return profile == null ? Identity.NONE : Records.toDomain(profile);
      }

      @Override
      public Optional<Folded> folded(String statementId) {
        String where = folded.get(actor + "/" + statementId);
        if (where == null) {
          return Optional.empty();
        }
        int slash = where.indexOf('/');
        return Optional.of(new Folded(where.substring(0, slash), HistoryKey.decode(where.substring(slash + 1))));
      }

      @Override
      public PairSummary summary(String topic) {
        PairStance stored = summaries.get(Records.pairKey(actor, topic));
        return stored == null ? PairSummary.empty(actor, topic) : Records.toDomain(stored);
      }

      @Override
      public PairHistory history(String topic) {
        return new StoredHistory(Records.pairKey(actor, topic) + "/");
      }
    };
  }

  /**
   * Writes what the fold decided, and returns the records to publish: the same values the
   * stores now hold.
   */
  Written write(String actor, StanceFold.Result result) {
    ActorProfile profile = null;
    if (result.identity() != null) {
      profile = Records.toAvro(actor, result.identity());
      profiles.put(actor, profile);
    }
    PairStance stance = null;
    HistoryEntry entry = null;
    if (result.summary() != null) {
      PairSummary summary = result.summary();
      stance = Records.toAvro(summary);
      summaries.put(Records.pairKey(actor, summary.topic()), stance);
      HistoryItem item = result.entry();
      entry = Records.toAvro(actor, summary.topic(), item);
      histories.put(Records.pairKey(actor, summary.topic()) + "/" + item.key().encode(), entry);
      folded.put(actor + "/" + item.statementId(), summary.topic() + "/" + item.key().encode());
    }
    return new Written(profile, stance, entry);
  }

  /** What one event wrote; null where it wrote nothing. */
  record Written(ActorProfile profile, PairStance stance, HistoryEntry entry) {}

  /** One pair's history as a key range of the history store. */
  private final class StoredHistory implements PairHistory {

    private final String prefix;
    /** Greater than every key with the prefix: its last character, {@code /}, plus one. */
    private final String afterPrefix;

    StoredHistory(String prefix) {
      this.prefix = prefix;
      this.afterPrefix = prefix.substring(0, prefix.length() - 1) + (char) ('/' + 1);
    }

    @Override
    public Optional<HistoryItem> get(HistoryKey key) {
      return Optional.ofNullable(histories.get(prefix + key.encode())).map(Records::toDomain);
    }

    @Override
    public Stream<HistoryItem> newestFirst(HistoryKey key) {
      String bound = prefix + key.encode();
      return items(histories.reverseRange(prefix, bound), bound);
    }

    @Override
    public Stream<HistoryItem> oldestFirst(HistoryKey key) {
      String bound = prefix + key.encode();
      return items(histories.range(bound, afterPrefix), bound);
    }

    /** The range's entries but the bound itself (store ranges include both ends). */
    private Stream<HistoryItem> items(KeyValueIterator<String, HistoryEntry> range, String bound) {
      return StreamSupport.stream(Spliterators.spliteratorUnknownSize(range, 0), false)
          .onClose(range::close)
          .filter(kv -> !kv.key.equals(bound))
          .map(kv -> Records.toDomain(kv.value));
    }
  }
}
