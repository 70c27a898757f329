package io.stancewatch.query.view;

import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.HistoryKey;
import io.stancewatch.domain.PairHistory;
import io.stancewatch.domain.Records;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.schemas.Topics;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksIterator;

/**
 * Every pair's history, from the compacted {@code stancewatch.stance-history} topic, in the
 * {@link ViewDatabase} rather than the heap: histories grow without bound, current stances do not.
 *
 * <p>Keys are {@code <actor>/<topic>/} then {@link HistoryKey#encode()}, which sort bytewise in
 * the order of contract section 4, so one pair's statements are contiguous and each question
 * of {@link PairHistory} is one seek. Slugs hold no {@code /}, so a pair's prefix is never the
 * start of another pair's. Values are the {@code HistoryEntry} bytes as read from the topic.
 */
@Singleton
public class HistoryStore {

  /** A key before every statement's. */

  private final ViewDatabase database;
  private final ColumnFamilyHandle histories;

  public HistoryStore(ViewDatabase database) {
    this.database = database;
    this.histories = database.family("histories");
  }

  /** Stores (or replaces, when it is retracted) one statement of a pair, in the poll's batch. */
  void put(ViewDatabase.Batch batch, HistoryEntry entry, byte[] encoded) {
    batch.put(histories, key(entry.getActor(), entry.getTopic(), new HistoryKey(entry.getOccurredAt(), entry.getStatementId())),
        encoded);
  }

  /**
   * Forgets one statement (a tombstone, keyed by statement id alone): walks the pair's
   * history to find it, as the key lacks the date it is stored under. Tombstones are rare.
   */
  void delete(ViewDatabase.Batch batch, String actor, String topic, String statementId) {
    // What the batch holds so far is written first, so the walk sees it.
    batch.write();
    try (Stream<HistoryItem> history = pair(actor, topic).oldestFirst(HistoryKey.BEFORE_ALL)) {
      history.filter(h -> h.statementId().equals(statementId)).findFirst()
          .ifPresent(found -> batch.delete(histories, key(actor, topic, found.key())));
    }
  }

  /** One pair's history, read from the store at each question. */
  public PairHistory pair(String actor, String topic) {
    byte[] prefix = (Records.pairKey(actor, topic) + "/").getBytes(StandardCharsets.UTF_8);
    return new PairHistory() {
      @Override
      public Optional<HistoryItem> get(HistoryKey key) {
        try (ViewDatabase.Read read = database.read()) {
          return Optional.ofNullable(read.get(histories, key(prefix, key))).map(HistoryStore::decode);
        }
      }

      @Override
      public Stream<HistoryItem> newestFirst(HistoryKey key) {
        return scan(prefix, key, false);
      }

      @Override
      public Stream<HistoryItem> oldestFirst(HistoryKey key) {
        return scan(prefix, key, true);
      }
    };
  }

  /** The pair's statements strictly after (forward) or before {@code from}, read lazily; the database stays open until the stream is closed. */
  private Stream<HistoryItem> scan(byte[] prefix, HistoryKey from, boolean forward) {
    ViewDatabase.Read read = database.read();
    RocksIterator iterator;
    try {
      iterator = read.iterator(histories);
    } catch (RuntimeException e) {
      read.close();
      throw e;
    }
    byte[] start = key(prefix, from);
    if (forward) {
      iterator.seek(start);
    } else {
      iterator.seekForPrev(start);
    }
    if (iterator.isValid() && Arrays.equals(iterator.key(), start)) {
      step(iterator, forward); // strictly after or before
    }
    Iterator<HistoryItem> items = new Iterator<>() {
      @Override
      public boolean hasNext() {
        if (!iterator.isValid()) {
          ViewDatabase.failIfBroken(iterator);
          return false;
        }
        return ViewDatabase.startsWith(iterator.key(), prefix);
      }

      @Override
      public HistoryItem next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        HistoryItem item = decode(iterator.value());
        step(iterator, forward);
        return item;
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(items, Spliterator.ORDERED | Spliterator.NONNULL),
        false).onClose(read::close);
  }

  private static void step(RocksIterator iterator, boolean forward) {
    if (forward) {
      iterator.next();
    } else {
      iterator.prev();
    }
  }

  private static byte[] key(String actor, String topic, HistoryKey key) {
    return (Records.pairKey(actor, topic) + "/" + key.encode()).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] key(byte[] prefix, HistoryKey key) {
    byte[] suffix = key.encode().getBytes(StandardCharsets.UTF_8);
    byte[] whole = Arrays.copyOf(prefix, prefix.length + suffix.length);
    System.arraycopy(suffix, 0, whole, prefix.length, suffix.length);
    return whole;
  }

  private static HistoryItem decode(byte[] value) {
    return Records.toDomain(Topics.STANCE_HISTORY.valueSerde().deserializer().deserialize(Topics.STANCE_HISTORY.name(), value));
  }
}
