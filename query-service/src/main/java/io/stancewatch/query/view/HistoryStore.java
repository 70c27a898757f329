package io.stancewatch.query.view;

import io.micronaut.context.annotation.Property;
import io.stancewatch.domain.HistoryItem;
import io.stancewatch.domain.HistoryKey;
import io.stancewatch.domain.PairHistory;
import io.stancewatch.domain.Records;
import io.stancewatch.events.HistoryEntry;
import io.stancewatch.schemas.Topics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every pair's history, from the compacted {@code stancewatch.stance-history} topic, in an
 * embedded RocksDB rather than the heap: histories grow without bound, current stances do not.
 *
 * <p>Keys are {@code <actor>/<topic>/} then {@link HistoryKey#encode()}, which sort bytewise in
 * the order of contract section 4, so one pair's statements are contiguous and each question
 * of {@link PairHistory} is one seek. Slugs hold no {@code /}, so a pair's prefix is never the
 * start of another pair's. Values are the {@code HistoryEntry} bytes as read from the topic.
 *
 * <p>The store is a cache of the topic: wiped and rebuilt at every start, so it is written
 * without a write-ahead log. One thread writes (the reader); any thread reads.
 */
@Singleton
public class HistoryStore implements AutoCloseable {

  static {
    RocksDB.loadLibrary();
  }

  private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);
  /** A key before every statement's. */
  private static final HistoryKey BEFORE_ALL = new HistoryKey(Instant.ofEpochMilli(Long.MIN_VALUE), "");

  private final Path directory;
  // Reads and writes share the lock; close takes it alone, so the database is never closed
  // under an open iterator (which RocksDB answers with a crash, not an exception).
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private Options options;
  private WriteOptions writeOptions;
  private RocksDB db;
  private FileChannel instanceLock;

  public HistoryStore(@Property(name = "stancewatch.view.history-dir") Path directory) {
    this.directory = directory;
  }

  /**
   * Wipes what an earlier run left and opens an empty store, in {@code rocksdb} under the
   * directory. The directory's {@code instance.lock} is held while the store is open: a second
   * instance given the same directory stops here rather than wiping a live store.
   */
  @PostConstruct
  void open() {
    try {
      Files.createDirectories(directory);
      instanceLock = FileChannel.open(directory.resolve("instance.lock"), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      if (lockOrNull(instanceLock) == null) {
        instanceLock.close();
        throw new IllegalStateException("The history directory " + directory.toAbsolutePath()
            + " is in use by another query-service: give each instance its own (STANCEWATCH_QUERY_STATE_DIR)");
      }
      Path store = directory.resolve("rocksdb");
      deleteRecursively(store);
      options = new Options().setCreateIfMissing(true);
      writeOptions = new WriteOptions().setDisableWAL(true);
      db = RocksDB.open(options, store.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the history store in " + directory, e);
    } catch (RocksDBException e) {
      throw new IllegalStateException("Cannot open the history store in " + directory, e);
    }
    LOG.info("History store opened in {}", directory.toAbsolutePath());
  }

  private static FileLock lockOrNull(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // held by this JVM: another application context
    }
  }

  /** Writes to apply together: the history records of one poll. */
  public final class Batch implements AutoCloseable {
    private final WriteBatch batch = new WriteBatch();

    /** Stores (or replaces, when it is retracted) one statement of a pair. */
    void put(HistoryEntry entry, byte[] encoded) {
      try {
        batch.put(key(entry.getActor(), entry.getTopic(), new HistoryKey(entry.getOccurredAt(), entry.getStatementId())),
            encoded);
      } catch (RocksDBException e) {
        throw new IllegalStateException("Cannot batch a history write", e);
      }
    }

    /**
     * Forgets one statement (a tombstone, keyed by statement id alone): walks the pair's
     * history to find it, as the key lacks the date it is stored under. Tombstones are rare.
     */
    void delete(String actor, String topic, String statementId) {
      // What this batch holds so far is written first, so the walk sees it.
      write();
      batch.clear();
      try (Stream<HistoryItem> history = pair(actor, topic).oldestFirst(BEFORE_ALL)) {
        Optional<HistoryItem> found = history.filter(h -> h.statementId().equals(statementId)).findFirst();
        if (found.isPresent()) {
          batch.delete(key(actor, topic, found.get().key()));
        }
      } catch (RocksDBException e) {
        throw new IllegalStateException("Cannot batch a history delete", e);
      }
    }

    /** Applies every write of the batch at once. */
    void write() {
      Lock read = lock.readLock();
      read.lock();
      try {
        db().write(writeOptions, batch);
      } catch (RocksDBException e) {
        throw new IllegalStateException("Cannot write to the history store", e);
      } finally {
        read.unlock();
      }
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  Batch batch() {
    return new Batch();
  }

  /** One pair's history, read from the store at each question. */
  public PairHistory pair(String actor, String topic) {
    byte[] prefix = (actor + "/" + topic + "/").getBytes(StandardCharsets.UTF_8);
    return new PairHistory() {
      @Override
      public Optional<HistoryItem> get(HistoryKey key) {
        Lock read = lock.readLock();
        read.lock();
        try {
          return Optional.ofNullable(db().get(key(prefix, key))).map(HistoryStore::decode);
        } catch (RocksDBException e) {
          throw new IllegalStateException("Cannot read the history store", e);
        } finally {
          read.unlock();
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

  /** The pair's statements strictly after (forward) or before {@code from}, read lazily. */
  private Stream<HistoryItem> scan(byte[] prefix, HistoryKey from, boolean forward) {
    Lock read = lock.readLock();
    read.lock();
    RocksIterator iterator;
    try {
      iterator = db().newIterator();
    } catch (RuntimeException e) {
      read.unlock();
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
          failIfBroken(iterator);
          return false;
        }
        return startsWith(iterator.key(), prefix);
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
        false).onClose(() -> {
          iterator.close();
          read.unlock();
        });
  }

  /** An iterator that stops on an error says so only through its status. */
  private static void failIfBroken(RocksIterator iterator) {
    try {
      iterator.status();
    } catch (RocksDBException e) {
      throw new IllegalStateException("Cannot read the history store", e);
    }
  }

  private static void step(RocksIterator iterator, boolean forward) {
    if (forward) {
      iterator.next();
    } else {
      iterator.prev();
    }
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static byte[] key(String actor, String topic, HistoryKey key) {
    return (actor + "/" + topic + "/" + key.encode()).getBytes(StandardCharsets.UTF_8);
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

  private RocksDB db() {
    if (db == null) {
      throw new IllegalStateException("The history store is closed");
    }
    return db;
  }

  @PreDestroy
  @Override
  public void close() {
    Lock write = lock.writeLock();
    try {
      if (!write.tryLock(5, TimeUnit.SECONDS)) {
        LOG.warn("A history read is still open; leaving the store to the process exit");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    try {
      if (db != null) {
        db.close();
        writeOptions.close();
        options.close();
        db = null;
      }
      if (instanceLock != null) {
        instanceLock.close(); // releases the lock
        instanceLock = null;
      }
    } catch (IOException e) {
      LOG.warn("Could not release the lock of {}", directory, e);
    } finally {
      write.unlock();
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
